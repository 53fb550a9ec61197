import { readFileSync } from 'node:fs';
import type { Impact, ImpactMeasured } from '../src/contract/hotkey-task';
import { connectStandalone, type RedisEndpoint } from '../src/server/sources/redis/redis-connection';
import { runLfuScan } from '../src/server/sources/redis/scan/run-lfu-scan';

/**
 * One engine run in a process of its own, so that its peak RSS is the engine's and nothing else's.
 * Argument: JSON `{endpoint, impact, topN, latencyBudgetMs}`. Prints `ready` once loaded, scans when stdin
 * closes, then prints one JSON line with the wall time, when it started (epoch ms, comparable across
 * processes), what the engine measured of its own impact, the top keys and VmHWM (the kernel's peak
 * resident set size of this process).
 */
export interface EngineChildRequest {
  endpoint: RedisEndpoint;
  impact: Impact;
  topN: number;
  latencyBudgetMs?: number;
}

export interface EngineChildResult {
  wallMs: number;
  /** CPU time (user + system) the process used during the scan. */
  cpuMs: number;
  startedAtEpochMs: number;
  impact: ImpactMeasured;
  top: { name: string; freq: number; shard?: string | null }[];
  peakRssKb: number;
}

const peakRssKb = (): number => Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as EngineChildRequest;
  // The BFF is a long-lived process whose redis client is loaded and compiled long before a scan; this
  // fresh process is not, and its first connection costs tens of milliseconds no BFF scan pays.
  const warmUp = await connectStandalone(request.endpoint, request.endpoint.urls[0]);
  await warmUp.ping();
  warmUp.destroy();
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('end', resolve).resume());
  const startedAtEpochMs = performance.timeOrigin + performance.now();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { keys, impact } = await runLfuScan(request);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const result: EngineChildResult = {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    startedAtEpochMs,
    impact,
    top: keys.map((r) => ({ name: r.name, freq: r.freq, shard: r.shard })),
    peakRssKb: peakRssKb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
