import { readFileSync } from 'node:fs';
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
}

export interface SampleChildResult {
  wallMs: number;
  /** CPU time (user + system) the process used from the sampling's start to its end. */
  cpuMs: number;
  rssBeforeMb: number;
  /** VmHWM: the kernel's peak resident set size of this process. */
  peakRssMb: number;
  note: string | null;
  top: { name: string; per_second: number }[];
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
  let announced = false;
  const { keys, note } = await runSampling({
    ...request,
    onProgress: (p) => {
      if (announced || !p.shards.every((s) => s.scanned > 0)) return;
      announced = true;
      process.stdout.write('started\n');
    },
  });
  const used = process.cpuUsage(cpu);
  const result: SampleChildResult = {
    wallMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    rssBeforeMb,
    peakRssMb: statusMb('VmHWM'),
    note,
    top: keys.slice(0, 10).map((k) => ({ name: k.name, per_second: k.sample?.per_second ?? 0 })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
