import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { startRedisServer } from '../src/server/local-redis/redis-server-process';
import { DEFAULT_SAMPLE_BYTE_LIMIT } from '../src/server/sources/redis/sample/run-sampling';
import { LatencyProbe, summarize } from './latency-probe';
import type { SampleChildRequest, SampleChildResult } from './sample-child';
import type { LoadRequest, LoadResult } from './sample-load';
import { zipfKeys } from './zipf-keys';

/**
 * `npm run bench:sample`: what a sampling analysis costs the server and the BFF. A redis-server of its
 * own under a steady load (a generator in its own process at a fixed rate); a probe client's GET latency
 * before and during a sampling window; the sampler (the code the BFF runs, in its own process) reports
 * its CPU and memory; and the measured rates of the hottest keys against the rates the load sent.
 */

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20000' },
    keys: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
  },
});
const rate = Number(values.rate);
const keyCount = Number(values.keys);
const seconds = Number(values.seconds);

interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves when the child prints `line`. */
  printed(line: string): Promise<void>;
  /** Closes stdin (the child's cue) and resolves with its final JSON line. */
  finish<T>(): Promise<T>;
}

function spawnChild(file: string, request: unknown): Child {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url)), JSON.stringify(request)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
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

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function main(): Promise<void> {
  const server = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu'] });
  const children: Child[] = [];
  let probe: LatencyProbe | undefined;
  try {
    const seed = createClient({ url: server.url });
    await seed.connect();
    for (const { key } of zipfKeys(rate, keyCount)) await seed.set(key, 'value');
    seed.destroy();

    const load = spawnChild('./sample-load.ts', { url: server.url, rate, keys: keyCount } satisfies LoadRequest);
    children.push(load);
    await load.printed('ready');
    probe = await LatencyProbe.connect(server.url);
    await probe.idle(1000); // let the load settle
    const before = summarize(await probe.idle(seconds * 1000));

    const request: SampleChildRequest = {
      endpoint: { mode: 'standalone', urls: [server.url], tls: false },
      seconds,
      topN: 100,
      byteLimit: DEFAULT_SAMPLE_BYTE_LIMIT,
    };
    const sampler = spawnChild('./sample-child.ts', request);
    children.push(sampler);
    await sampler.printed('ready');
    const finished = sampler.finish<SampleChildResult>();
    await sampler.printed('started');
    probe.start();
    const result = await finished;
    const during = summarize(await probe.stop());
    const loadResult = await load.finish<LoadResult>();

    const truth = new Map(loadResult.keys.map((k) => [k.key, k.perSecond]));
    console.log(
      `sampling benchmark, ${new Date().toISOString().slice(0, 10)}, redis-server on 127.0.0.1:${server.port}`,
    );
    console.log(
      `load: ${rate} commands/s over ${keyCount} keys (Zipf-like), sent ${loadResult.sentPerSecond.toFixed(0)}/s`,
    );
    console.log(`probe (GET every ~2 ms)   p50        p99        samples`);
    console.log(`  before sampling        ${ms(before.p50).padEnd(10)} ${ms(before.p99).padEnd(10)} ${before.samples}`);
    console.log(
      `  during ${seconds} s window     ${ms(during.p50).padEnd(10)} ${ms(during.p99).padEnd(10)} ${during.samples}`,
    );
    const cpuPercent = (100 * result.cpuMs) / result.wallMs;
    console.log(
      `sampler process: wall ${(result.wallMs / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s ` +
        `(${cpuPercent.toFixed(0)}% of one core), RSS ${result.rssBeforeMb.toFixed(0)} MB before, peak ${result.peakRssMb.toFixed(0)} MB`,
    );
    if (result.note) console.log(`note: ${result.note}`);
    console.log('hottest keys: measured vs sent per second');
    for (const { name, per_second } of result.top.slice(0, 5)) {
      const sent = truth.get(name) ?? 0;
      console.log(`  ${name.padEnd(16)} ${per_second.toFixed(1).padStart(8)} ${sent.toFixed(1).padStart(8)}`);
    }
  } finally {
    probe?.close();
    for (const child of children) child.process.kill('SIGKILL');
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
