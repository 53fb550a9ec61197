import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createClient } from 'redis';
import { startRedisServer } from '../src/server/local-redis/redis-server-process';
import { DEFAULT_LATENCY_BUDGET_MS } from '../src/server/sources/redis/probe/latency-budget';
import { DEFAULT_SAMPLE_BYTE_LIMIT } from '../src/server/sources/redis/sample/run-sampling';
import { type Child, spawnChild } from './child';
import { LatencyProbe, type LatencySummary, summarize, within } from './latency-probe';
import type { SampleChildRequest, SampleChildResult } from './sample-child';
import type { LoadRequest, LoadResult } from './sample-load';
import { printTargets, rise, share } from './targets';
import { zipfKeys } from './zipf-keys';

/**
 * `npm run bench:sample [-- --rate N --keys K --seconds S --runs R]`: what a sampling analysis costs the
 * server and the BFF, and how right its rates are. A redis-server of its own under a steady load (a
 * generator in its own process, Zipf-like over K keys); a probe client's GET latency before and during
 * each sampling window; the sampler (the code the BFF runs, in its own process) with the source's latency
 * budget, and beside it a reference whose budget is so large MONITOR runs nearly the whole window, round
 * after round; the measured rates of the keys carrying at least 1% of the traffic against what the load
 * sent. Figures are medians of the rounds.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50000' },
    keys: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    budget: { type: 'string', default: String(DEFAULT_LATENCY_BUDGET_MS) },
  },
});
const RATE = Number(values.rate);
const KEY_COUNT = Number(values.keys);
const SECONDS = Number(values.seconds);
const RUNS = Number(values.runs);
const BUDGET_MS = Number(values.budget);
/** A budget no probe reaches: MONITOR as it ran before it was paced, for comparison. */
const UNBOUNDED_MS = 1000;
const HEAVY_SHARE = 0.01;

interface Run {
  before: LatencySummary;
  during: LatencySummary;
  result: SampleChildResult;
  /** Largest relative error of the measured rates of the keys with >= 1% of the traffic. */
  worstError: number;
  /** How many of those keys have their true rate inside their reported 95% interval. */
  inInterval: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const truth = zipfKeys(RATE, KEY_COUNT);
const heavy = truth.filter((k) => k.perSecond >= HEAVY_SHARE * RATE);

async function sampleOnce(url: string, probe: LatencyProbe, budgetMs: number): Promise<Run> {
  const before = summarize(await probe.idle(2000));
  const request: SampleChildRequest = {
    endpoint: { mode: 'standalone', urls: [url], tls: false },
    seconds: SECONDS,
    topN: 100,
    byteLimit: DEFAULT_SAMPLE_BYTE_LIMIT,
    latencyBudgetMs: budgetMs,
  };
  const sampler = spawnChild('./sample-child.ts', request);
  await sampler.printed('ready');
  const { result, samples } = await probe.during(() => sampler.finish<SampleChildResult>());
  const from = result.windowStartedAtEpochMs;
  const during = summarize(within(samples, from, from + result.sampled.window_ms));
  const measured = new Map(result.top.map((k) => [k.name, k]));
  const errors = heavy.map((k) => Math.abs((measured.get(k.key)?.per_second ?? 0) - k.perSecond) / k.perSecond);
  const inInterval = heavy.filter((k) => {
    const m = measured.get(k.key);
    return m !== undefined && m.low <= k.perSecond && k.perSecond <= m.high;
  }).length;
  return { before, during, result, worstError: Math.max(...errors), inInterval };
}

const ms = (n: number) => n.toFixed(2);
const signed = (n: number) => `${n >= 0 ? '+' : ''}${ms(n)}`;

function printRow(label: string, runs: Run[]): void {
  const m = (pick: (r: Run) => number) => median(runs.map(pick));
  const cpu = m((r) => (100 * r.result.cpuMs) / r.result.wallMs);
  log(
    [
      label.padEnd(26),
      `${ms(m((r) => r.before.p50))}/${ms(m((r) => r.before.p99))}`.padStart(11),
      `${ms(m((r) => r.during.p50))}/${ms(m((r) => r.during.p99))}`.padStart(11),
      signed(m((r) => r.during.p99 - r.before.p99)).padStart(7),
      `${ms(m((r) => r.result.impact.probe_p99_ms_before))} -> ${ms(m((r) => r.result.impact.probe_p99_ms_during))}`.padStart(
        13,
      ),
      `${(100 * m((r) => r.result.sampled.sampled_fraction)).toFixed(0)}%`.padStart(7),
      String(m((r) => r.result.sampled.slices)).padStart(6),
      `${(100 * m((r) => r.worstError)).toFixed(1)}%`.padStart(8),
      `${m((r) => r.inInterval)}/${heavy.length}`.padStart(8),
      `${cpu.toFixed(0)}%`.padStart(5),
      `${m((r) => r.result.peakRssMb).toFixed(0)} MB`.padStart(8),
    ].join(' '),
  );
}

async function main(): Promise<void> {
  log(
    `bench:sample ${new Date().toISOString()}: ${RATE} commands/s over ${KEY_COUNT} keys (Zipf-like), ` +
      `${SECONDS} s windows, ${RUNS} rounds, latency budget ${BUDGET_MS} ms`,
  );
  log(`load average at the start: ${load()}`);
  const server = await startRedisServer({ args: ['--maxmemory-policy', 'allkeys-lfu'] });
  const children: Child[] = [];
  let probe: LatencyProbe | undefined;
  try {
    const seed = createClient({ url: server.url });
    await seed.connect();
    for (const { key } of truth) await seed.set(key, 'value');
    seed.destroy();

    const loadChild = spawnChild('./sample-load.ts', {
      url: server.url,
      rate: RATE,
      keys: KEY_COUNT,
    } satisfies LoadRequest);
    children.push(loadChild);
    await loadChild.printed('ready');
    probe = await LatencyProbe.connect(server.url);
    await sleep(1000); // let the load settle

    const budgeted: Run[] = [];
    const unbounded: Run[] = [];
    for (let round = 0; round < RUNS; round++) {
      for (const [runs, budgetMs] of [
        [budgeted, BUDGET_MS],
        [unbounded, UNBOUNDED_MS],
      ] as const) {
        const run = await sampleOnce(server.url, probe, budgetMs);
        runs.push(run);
        log(
          `  round ${round + 1}, budget ${budgetMs} ms: probe p99 ${ms(run.before.p99)} -> ${ms(run.during.p99)} ms, ` +
            `sampled ${(100 * run.result.sampled.sampled_fraction).toFixed(0)}% in ${run.result.sampled.slices} slices, ` +
            `backoffs ${run.result.impact.backoffs}, worst error ${(100 * run.worstError).toFixed(1)}%`,
        );
      }
    }
    const loadResult = await loadChild.finish<LoadResult>();

    log('');
    log(
      `load sent ${loadResult.sentPerSecond.toFixed(0)} commands/s on average; ${heavy.length} keys carry >= 1% of it`,
    );
    log(
      `${'run'.padEnd(26)} ${'probe before'.padStart(11)} ${'during'.padStart(11)} ${'p99 +'.padStart(7)} ${'engine probe'.padStart(13)} ${'sampled'.padStart(7)} ${'slices'.padStart(6)} ${'worst err'.padStart(8)} ${'in 95%'.padStart(8)} ${'CPU'.padStart(5)} ${'peak RSS'.padStart(8)}`,
    );
    printRow(`budget ${BUDGET_MS} ms`, budgeted);
    printRow(`budget ${UNBOUNDED_MS} ms (reference)`, unbounded);
    log(
      "probe: p50/p99 ms of the bench's own GET every ~2 ms, before (2 s) and during the window; engine probe: the p99 " +
        'the sampler measured of itself; worst err: the largest error of the measured rates of the keys with >= 1% of ' +
        "the traffic; in 95%: how many of them have the load's rate inside their reported interval; CPU: the sampler's " +
        'share of one core',
    );
    const last = budgeted.at(-1)?.result;
    if (last) {
      log(`hottest keys of the last budgeted round: measured [95% interval] vs sent per second`);
      for (const k of last.top.slice(0, 5)) {
        const sent = truth.find((t) => t.key === k.name)?.perSecond ?? 0;
        log(
          `  ${k.name.padEnd(14)} ${k.per_second.toFixed(1).padStart(8)} [${k.low.toFixed(0)}-${k.high.toFixed(0)}] ${sent.toFixed(1).padStart(8)}`,
        );
      }
      if (last.note) log(`note: ${last.note}`);
    }
    const m = (pick: (r: Run) => number) => median(budgeted.map(pick));
    printTargets([
      rise(
        `${RATE}/s: probe p99 rise while sampling`,
        m((r) => r.during.p99 - r.before.p99),
        1,
      ),
      share(
        `${RATE}/s: worst rate error of keys with >= 1% of the traffic`,
        m((r) => r.worstError),
        0.15,
      ),
    ]);
    log(`load average at the end: ${load()} (other work on the machine skews every figure)`);
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
