import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { redisServerBinary } from '../local-redis/redis-server-process';

/**
 * The embedded default needs redis-server and redis-cli. As root on Debian or Ubuntu they are installed
 * through apt-get; anywhere else the user is told, in one line, what to install.
 */
export function ensureRedisServer(): void {
  if (redisServerBinary()) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stdout.write('redis-server not found: installing it with apt-get (redis-server, redis-tools)\n');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server', 'redis-tools'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (redisServerBinary()) return;
  }
  throw new Error(
    'redis-server is not installed: install Redis 7 (Debian/Ubuntu: apt-get install redis-server redis-tools) or set HOTKEYS_CONFIG',
  );
}
