import { spawn } from 'node:child_process';

/**
 * A process that only burns one core for `ms` (no Redis work, no I/O): the bench's reference for what a
 * CPU-bound neighbour alone does to the probe's latency on this machine, so that a scan's p99 rise can be
 * told from the machine sharing its cores (measured in the same run, as the machine's speed is by the floor).
 */
export function burnOneCore(ms: number): Promise<void> {
  const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${ms}; while (Date.now() < end);`], {
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`busy process exited ${code}`))));
  });
}
