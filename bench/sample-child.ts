import { readFileSync } from 'node:fs';
import type { ImpactMeasured, Sampled } from '../src/contract/hotkey-task';
import type { RedisEndpoint } from '../src/server/sources/redis/redis-connection';
import { runSampling } from '../src/server/sources/redis/sample/run-sampling';

/**
 * One sampling in a process of its own, as the BFF would run it, so that the CPU and memory it reports
 * are the sampler's alone. Prints `ready` once loaded, `started` when MONITOR runs on every master, samples
 * when stdin closes, then prints one JSON line.
 */
export interface SampleChildRequest {
  endpoint: RedisEndpoint;
  seconds: number;
  topN: number;
  byteLimit: number;
  latencyBudgetMs: number;
}

export interface SampleChildResult {
  wallMs: number;
  /** When the window started (epoch ms, comparable across processes). */
  windowStartedAtEpochMs: number;
  /** CPU time (user + system) the process used from the sampling's start to its end. */
  cpuMs: number;
  rssBeforeMb: number;
  /** VmHWM: the kernel's peak resident set size of this process. */
  peakRssMb: number;
  note: string | null;
  impact: ImpactMeasured;
  sampled: Sampled;
  top: { name: string; per_second: number; low: number; high: number }[];
}

const statusMb = (field: string): number =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024;

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as SampleChildRequest;
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('end', resolve).resume());
  const rssBeforeMb = statusMb('VmRSS');
  const cpu = process.cpuUsage();
  const started = performance.now();
  let windowStartedAtEpochMs = 0;
  const { keys, note, impact, sampled } = await runSampling({
    ...request,
    onProgress: (p) => {
      if (windowStartedAtEpochMs > 0 || !p.shards.every((s) => s.scanned > 0)) return;
      windowStartedAtEpochMs = performance.timeOrigin + performance.now() - Math.min(...p.shards.map((s) => s.scanned));
      process.stdout.write('started\n');
    },
  });
  const used = process.cpuUsage(cpu);
  const result: SampleChildResult = {
    wallMs: performance.now() - started,
    windowStartedAtEpochMs,
    cpuMs: (used.user + used.system) / 1000,
    rssBeforeMb,
    peakRssMb: statusMb('VmHWM'),
    note,
    impact,
    sampled,
    top: keys.map((k) => ({
      name: k.name,
      per_second: k.sample?.per_second ?? 0,
      low: k.sample?.per_second_low ?? 0,
      high: k.sample?.per_second_high ?? 0,
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
