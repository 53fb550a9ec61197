import { spawn } from 'node:child_process';

/**
 * Neighbours that do none of a scan's work, run for the p99 they cost the bench's probe on this machine (in
 * the same rounds, as the floor gives the machine's speed): a scan's rise is read against them. One burns a
 * core; the other only makes round trips, one client's PINGs back to back, with nothing for Redis to do.
 */
function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

export const burnOneCore = (ms: number): Promise<void> =>
  run(process.execPath, ['-e', `const end = Date.now() + ${ms}; while (Date.now() < end);`]);

/** Needs `redis-benchmark` (Debian's redis-tools, which .ci/run installs with redis-cli). */
export const pingBackToBack = (port: number, requests: number): Promise<void> =>
  run('redis-benchmark', [
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-c',
    '1',
    '-n',
    String(requests),
    '-t',
    'ping',
    '-q',
  ]);
