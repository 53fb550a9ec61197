import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildServer, SERVER_OUTFILE } from '../scripts/build-server';
import { LFU_ARGS } from '../src/server/embedded/start-embedded-sources';
import { findFreePort } from '../src/server/local-redis/free-port';
import { startRedisServer } from '../src/server/local-redis/redis-server-process';
import { seedStandalone } from '../src/server/local-redis/seed-workload';

/**
 * `npm run bench:startup`: how long the BFF takes from process start until `/api/health` answers, and its
 * resident memory then, run through tsx (as `npm start` did before the compiled server) and as
 * `npm start` runs it now (`node dist/server/main.js`). Both start-up paths: without HOTKEYS_CONFIG (local
 * redis-server processes started and seeded first, which dominates) and with a small configuration (one
 * redis source). Linux only: memory is read from /proc. Medians of `--runs` runs, each in a fresh data
 * directory; the ratio is to the tsx CLI of the same run.
 */

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(values.runs);

const LAUNCHERS = [
  { label: 'tsx src/server/main.ts (before)', command: 'node_modules/.bin/tsx', args: ['src/server/main.ts'] },
  {
    label: 'node --import tsx src/server/main.ts',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/server/main.ts'],
  },
  { label: `node ${SERVER_OUTFILE} (npm start)`, command: process.execPath, args: [SERVER_OUTFILE] },
];

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Parent of every process, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      out.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Resident memory of the node processes of the tree under `root` (the tsx CLI runs the BFF in a child). */
function nodeRssBytes(root: number): number {
  const ppid = parents();
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+(node|tsx)\b/m.test(status)) continue;
      total += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function startOnce(
  launcher: (typeof LAUNCHERS)[number],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; rss: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-startup-'));
  const port = await findFreePort();
  const started = performance.now();
  const child: ChildProcess = spawn(launcher.command, launcher.args, {
    env: { ...process.env, ...env, HOTKEYS_DATA_DIR: join(dir, 'data'), PORT: String(port), HOTKEYS_LOG: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${launcher.label} exited: ${stderr}`);
      const answer = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (answer) {
        await answer.body?.cancel();
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = performance.now() - started;
    return { ms, rss: nodeRssBytes(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The local servers pick free ports too, and may take the BFF's before it listens: such a run is repeated. */
async function startMeasured(
  launcher: (typeof LAUNCHERS)[number],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; rss: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(launcher, env);
    } catch (error) {
      if (attempt >= 3 || !/is in use: set PORT/.test(String(error))) throw error;
    }
  }
}

async function main(): Promise<void> {
  console.log('building the server (esbuild)…');
  await buildServer();
  const redis = await startRedisServer({ args: LFU_ARGS });
  await seedStandalone(redis.url, 1, { coldKeys: 200, warmKeys: 5, hottestHits: 1000 });
  const configDir = mkdtempSync(join(tmpdir(), 'hotkeys-startup-config-'));
  const configFile = join(configDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ sources: [{ kind: 'redis', id: 'one', name: 'One', url: redis.url }] }));
  const paths = [
    { label: 'small HOTKEYS_CONFIG (one redis source)', env: { HOTKEYS_CONFIG: configFile } },
    // An empty value would be read as set: the embedded path needs the variable absent.
    { label: 'no HOTKEYS_CONFIG (local redis-server processes, seeded)', env: { HOTKEYS_CONFIG: undefined } },
  ];
  const load = () => loadavg()[0]!.toFixed(1);
  console.log(`load average ${load()} (timings on a shared machine are noisy)`);
  try {
    for (const path of paths) {
      console.log(`\n${path.label}, median of ${RUNS} runs (start -> /api/health answers; RSS of node then):`);
      // Round by round, so that a change in the machine's load during the run falls on every launcher alike.
      const runs = LAUNCHERS.map(() => [] as { ms: number; rss: number }[]);
      for (let i = 0; i < RUNS; i++) {
        for (const [n, launcher] of LAUNCHERS.entries()) runs[n]!.push(await startMeasured(launcher, path.env));
      }
      let reference: { ms: number; rss: number } | undefined;
      for (const [n, launcher] of LAUNCHERS.entries()) {
        const own = runs[n]!;
        const result = { ms: median(own.map((r) => r.ms)), rss: median(own.map((r) => r.rss)) };
        reference ??= result;
        console.log(
          `  ${launcher.label.padEnd(40)} ${result.ms.toFixed(0).padStart(6)} ms (x${(result.ms / reference.ms).toFixed(2)})` +
            `  ${(result.rss / 1024 / 1024).toFixed(1).padStart(6)} MiB (x${(result.rss / reference.rss).toFixed(2)})` +
            `  runs: ${own.map((r) => r.ms.toFixed(0)).join(', ')} ms`,
        );
      }
    }
    console.log(`\nload average ${load()}`);
  } finally {
    await redis.stop();
    rmSync(configDir, { recursive: true, force: true });
  }
}

await main();
