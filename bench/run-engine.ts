import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineChildRequest, EngineChildResult } from './engine-child';

const CHILD = fileURLToPath(new URL('./engine-child.ts', import.meta.url));

/**
 * Starts the engine (the code the BFF runs) in a child process and resolves once it has loaded, so
 * that process start-up is neither timed nor seen by the probe; the returned function starts the scan.
 */
export function startEngine(request: EngineChildRequest): Promise<() => Promise<EngineChildResult>> {
  return new Promise((resolveReady, rejectReady) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(request)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settle: { resolve: (r: EngineChildResult) => void; reject: (e: Error) => void } | undefined;
    const done = new Promise<EngineChildResult>((resolve, reject) => (settle = { resolve, reject }));
    done.catch(() => undefined);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) {
        stdout = stdout.slice('ready\n'.length);
        resolveReady(() => {
          child.stdin.end('go\n');
          return done;
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', rejectReady);
    child.on('exit', (code) => {
      const failure = new Error(`engine run failed (exit ${code}): ${stderr.trim()}`);
      rejectReady(failure);
      if (code === 0) settle?.resolve(JSON.parse(stdout) as EngineChildResult);
      else settle?.reject(failure);
    });
  });
}
