import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_OUTFILE } from '../scripts/build-server';
import type { ConfigInput } from '../src/server/config/config-schema';
import { findFreePort } from '../src/server/local-redis/free-port';

/**
 * The BFF in a child process, for tests that need what an in-process server cannot give: its stdout and
 * stderr, its exit code, a SIGKILL. Vitest runs the sources through tsx (no build needed); Playwright runs
 * the compiled server its `npm run test:e2e` built.
 */
export interface SpawnedBff {
  url: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Every JSON line the BFF logged on stdout so far. */
  logLines(): Record<string, unknown>[];
  /** Resolves once a logged line matches: a response can reach the test before its log line does. */
  waitForLog(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Kills the process with the given signal and waits for its exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface BffOptions {
  /** A scratch directory: the configuration file goes there, and the data directory unless given. */
  dir: string;
  /** Without one, the BFF starts as `npm start` does without HOTKEYS_CONFIG (local Redis servers). */
  config?: ConfigInput;
  dataDir?: string;
  host?: string;
  /** A free one unless given. */
  port?: number;
  /** Extra environment (secrets named by the configuration). */
  env?: Record<string, string>;
  /** Runs what `npm run build` made (`node dist/server/main.js`), as the e2e suite does, not the sources. */
  compiled?: boolean;
}

interface Launched {
  child: ChildProcess;
  port: number;
  host: string;
  output: { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

async function launch(options: BffOptions): Promise<Launched> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    HOTKEYS_DATA_DIR: options.dataDir ?? join(options.dir, 'data'),
    HOST: host,
    PORT: String(port),
  };
  delete env.HOTKEYS_CONFIG;
  if (options.config) {
    const configFile = join(options.dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(options.config));
    env.HOTKEYS_CONFIG = configFile;
  }
  // vitest silences the in-process log; the child's log is what these tests read.
  delete env.HOTKEYS_LOG;
  const entry = options.compiled ? [SERVER_OUTFILE] : ['--import', 'tsx', 'src/server/main.ts'];
  const child = spawn(process.execPath, entry, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, port, host, output, exited };
}

/** Complete lines only: the last one may still be arriving. */
const parseLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Starts the BFF and resolves once `/api/health` answers; rejects with its output if it exits first. */
export async function startBff(options: BffOptions): Promise<SpawnedBff> {
  const { child, port, host, output, exited } = await launch(options);
  const url = `http://${host}:${port}`;
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the BFF exited with ${exitCode}: ${output.stderr}${output.stdout}`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(`the BFF did not answer /api/health: ${output.stderr}${output.stdout}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    logLines: () => parseLines(output.stdout),
    async waitForLog(match) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const line = parseLines(output.stdout).find(match);
        if (line) return line;
        if (Date.now() > deadline) throw new Error(`no such log line in: ${output.stdout}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop,
  };
}

/** Runs a BFF that is expected to refuse to start: its exit code and what it said. */
export async function bffStartUpFailure(
  options: BffOptions,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { child, output, exited } = await launch(options);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, ...output };
}
