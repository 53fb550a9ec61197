import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A benchmark part in a process of its own (the engine, the sampler, a load generator), so that its CPU
 * and memory are its own and it competes for the machine as a separate client would. The child gets its
 * request as JSON in argv, prints lines to say where it is (`ready`...), starts its work or stops when its
 * stdin closes, and ends by printing one JSON line.
 */
export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves when the child prints `line`. */
  printed(line: string): Promise<void>;
  /** Closes stdin (the child's cue) and resolves with its final JSON line. */
  finish<T>(): Promise<T>;
}

export function spawnChild(file: string, request: unknown): Child {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path, JSON.stringify(request)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of waiters) if (stdout.split('\n').includes(w.line)) w.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    process: child,
    printed: (line) =>
      new Promise((resolve, reject) => {
        waiters.push({ line, resolve });
        void exited.then((code) => reject(new Error(`${file} exited (${code}): ${stderr.trim()}`)));
      }),
    async finish<T>() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`${file} failed (exit ${code}): ${stderr.trim()}`);
      return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as T;
    },
  };
}
