import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { luaScript } from '../src/server/sources/redis/scan/lua-freq-batches';
import { parseInfo } from '../src/server/sources/redis/scan/server-info';
import type { BenchClient } from './bench-keyspace';

/**
 * Neighbours that do none of a scan's work, run for the p99 they cost the bench's probe on this machine (in
 * the same rounds, as the floor gives the machine's speed): a scan's rise is read against them. One burns a
 * core; one only makes round trips, one client's PINGs back to back, with nothing for Redis to do; one holds
 * the server as long as a gentle step does, and does nothing else.
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

/**
 * One client's server-side steps back to back, sent by redis-benchmark (C, no pauses, no budget): the engine's
 * own script, run for `stepUs` of server time from the keyspace's start, asking for no key back. What any
 * client whose commands hold the server that long costs a neighbour here, without the engine's Node work,
 * probe or pacing. Resolves with the server time of one step, read from the server's command statistics.
 */
export async function stepsBackToBack(
  client: BenchClient,
  port: number,
  stepUs: number,
  steps: number,
): Promise<{ serverUsPerStep: number }> {
  const script = luaScript(parseInfo(await client.info('server')).redisMajor);
  const sha = createHash('sha1').update(script).digest('hex');
  await client.scriptLoad(script);
  const evalsha = async () => {
    const m = /^cmdstat_evalsha:calls=(\d+),usec=(\d+)/m.exec(await client.info('commandstats'));
    return { calls: Number(m?.[1] ?? 0), usec: Number(m?.[2] ?? 0) };
  };
  const before = await evalsha();
  // ARGV: cursor, SCAN COUNT, server time, key cap, least freq sent back (none reaches 256), top N, first half
  const args = ['EVALSHA', sha, '0', '0', '20', String(stepUs), '1000000', '256', '100', '0'];
  await run('redis-benchmark', ['-h', '127.0.0.1', '-p', String(port), '-c', '1', '-n', String(steps), '-q', ...args]);
  const after = await evalsha();
  return { serverUsPerStep: (after.usec - before.usec) / Math.max(1, after.calls - before.calls) };
}
