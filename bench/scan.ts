import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Impact } from '../src/contract/hotkey-task';
import { startRedisCluster, type RedisClusterProcesses } from '../src/server/local-redis/redis-cluster-processes';
import { startRedisServer, type RedisServerProcess } from '../src/server/local-redis/redis-server-process';
import { DEFAULT_LATENCY_BUDGET_MS } from '../src/server/sources/redis/probe/latency-budget';
import type { RedisEndpoint } from '../src/server/sources/redis/redis-connection';
import { IMPACT_PROFILES } from '../src/server/sources/redis/scan/impact-profile';
import {
  applyHeat,
  BENCH_SERVER_ARGS,
  connect,
  type HotKey,
  populate,
  waitForRehash,
  zipfHotKeys,
} from './bench-keyspace';
import { burnOneCore, pingBackToBack, stepsBackToBack } from './reference-load';
import { type Child, spawnChild } from './child';
import type { EngineChildResult } from './engine-child';
import { timeFloor } from './floor-eval';
import { LatencyProbe, type LatencySummary, summarize, within } from './latency-probe';
import { disagreements, runRedisCliHotkeys } from './redis-cli-hotkeys';
import { startEngine } from './run-engine';
import type { LoadRequest } from './sample-load';
import { type Target, printTargets, ratio, rise, signedMs } from './targets';

/**
 * `npm run bench:scan [-- --keys N --hot H --runs R --load RATE --no-cluster --no-cli]`: the hot key scan
 * engine against the floor (one server-side EVAL loop, the server's own speed) on the same data, quiet and
 * under a steady background load, and a 3-master cluster; a probe client's latency before and during
 * each run; redis-cli --hotkeys as the peer. Rounds interleave the runs compared with one another, so a
 * change in the machine's load falls on all of them; figures are medians of the rounds.
 */
const { values: flags } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    hot: { type: 'string', default: '500' },
    runs: { type: 'string', default: '3' },
    load: { type: 'string', default: '20000' },
    budget: { type: 'string', default: String(DEFAULT_LATENCY_BUDGET_MS) },
    'small-keys': { type: 'string', default: '10000' },
    'no-cluster': { type: 'boolean', default: false },
    'no-cli': { type: 'boolean', default: false },
  },
});
const KEYS = Number(flags.keys);
const HOT = Number(flags.hot);
const RUNS = Number(flags.runs);
const LOAD = Number(flags.load);
const BUDGET_MS = Number(flags.budget);
const SMALL_KEYS = Number(flags['small-keys']);
const TOP_N = 100;

/** One timed run: the time compared with the floor, the whole run, and the bench probe's view of both. */
interface Run {
  /** The scan itself: for the engine, after its probe's baseline window (it scans nothing meanwhile). */
  scanMs: number;
  totalMs: number;
  before: LatencySummary;
  during: LatencySummary;
  engine?: EngineChildResult;
}

interface Row {
  label: string;
  runs: Run[];
  agreement?: string;
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};
const med = (row: Row | undefined, pick: (run: Run) => number) => median((row?.runs ?? []).map(pick));
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const standalone = (url: string): RedisEndpoint => ({ mode: 'standalone', urls: [url], tls: false });
const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const epochNow = () => performance.timeOrigin + performance.now();

type Work = () => Promise<{ run: Omit<Run, 'before' | 'during'>; fromEpochMs: number; toEpochMs: number }>;

/** The floor: one EVAL, the whole time is the scan. */
const floorWork =
  (url: string): Work =>
  async () => {
    const from = epochNow();
    const { wallMs } = await timeFloor(url);
    return { run: { scanMs: wallMs, totalMs: wallMs }, fromEpochMs: from, toEpochMs: epochNow() };
  };

/**
 * The cluster's floor: the same EVAL loop on every master at once. Three servers share the machine's cores
 * with one another (and with the engine), so this, not a third of one server's floor, is the fastest any
 * client can scan the cluster here.
 */
const clusterFloorWork =
  (urls: string[]): Work =>
  async () => {
    const from = epochNow();
    const walls = await Promise.all(urls.map(async (url) => (await timeFloor(url)).wallMs));
    const wallMs = Math.max(...walls);
    return { run: { scanMs: wallMs, totalMs: wallMs }, fromEpochMs: from, toEpochMs: epochNow() };
  };

/** A reference for p99 rises: a neighbour that does none of the scan's work (see reference-load.ts). */
const referenceWork =
  (load: () => Promise<void>): Work =>
  async () => {
    const from = epochNow();
    await load();
    const to = epochNow();
    return { run: { scanMs: to - from, totalMs: to - from }, fromEpochMs: from, toEpochMs: to };
  };

/** The engine in a child process: its scan runs from the end of its probe's baseline window to its end. */
const engineWork =
  (endpoint: RedisEndpoint, impact: Impact): (() => Promise<Work>) =>
  async () => {
    const go = await startEngine({ endpoint, impact, topN: TOP_N, latencyBudgetMs: BUDGET_MS });
    return async () => {
      const engine = await go();
      const from = engine.startedAtEpochMs + engine.impact.before_ms;
      const to = engine.startedAtEpochMs + engine.wallMs;
      return { run: { scanMs: to - from, totalMs: engine.wallMs, engine }, fromEpochMs: from, toEpochMs: to };
    };
  };

/** Readies a run (`setup`), probes an idle second for its baseline, then times it under the probe. */
async function timeRun(probe: LatencyProbe, prepare: () => Promise<void>, setup: () => Promise<Work>): Promise<Run> {
  await prepare();
  const work = await setup();
  const before = summarize(await probe.idle(1000));
  const { result, samples } = await probe.during(work);
  return { ...result.run, before, during: summarize(within(samples, result.fromEpochMs, result.toEpochMs)) };
}

/** `RUNS` rounds, each running every entry once in turn. */
async function rounds(
  probe: LatencyProbe,
  prepare: () => Promise<void>,
  entries: { label: string; setup: () => Promise<Work> }[],
  runs = RUNS,
): Promise<Row[]> {
  const rows: Row[] = entries.map((e) => ({ label: e.label, runs: [] }));
  for (let round = 0; round < runs; round++) {
    for (const [i, entry] of entries.entries()) {
      const run = await timeRun(probe, prepare, entry.setup);
      rows[i]?.runs.push(run);
      log(
        `  ${entry.label} round ${round + 1}: scan ${run.scanMs.toFixed(0)} ms, probe p99 ${run.before.p99.toFixed(2)} -> ${run.during.p99.toFixed(2)} ms`,
      );
    }
  }
  return rows;
}

/** Starts the background load (its own process) and waits until it runs steadily. */
async function startLoad(url: string, stack: (() => Promise<void>)[]): Promise<Child> {
  const child = spawnChild('./sample-load.ts', { url, rate: LOAD, keys: 200 } satisfies LoadRequest);
  stack.push(async () => void child.process.kill('SIGKILL'));
  await child.printed('ready');
  await sleep(1000);
  return child;
}

interface SingleServer {
  quiet: Row[];
  loaded: Row[];
  /** Server time of one step of the steps reference, per round. */
  referenceStepUs: number[];
}

async function singleServer(stack: (() => Promise<void>)[]): Promise<SingleServer> {
  const server: RedisServerProcess = await startRedisServer({ args: BENCH_SERVER_ARGS });
  stack.push(() => server.stop());
  const client = await connect(server.url);
  stack.push(async () => client.destroy());
  const loadStart = performance.now();
  await populate(client, KEYS, 'key');
  const hot = zipfHotKeys('key', KEYS, ranks(HOT), HOT);
  const prepare = () => applyHeat(client, hot);
  await waitForRehash(client);
  log(
    `single server 127.0.0.1:${server.port}: ${await client.dbSize()} keys loaded and settled in ${(performance.now() - loadStart).toFixed(0)} ms`,
  );
  const probe = await LatencyProbe.connect(server.url);
  stack.push(async () => probe.close());
  const endpoint = standalone(server.url);

  log('quiet server:');
  const referenceStepUs: number[] = [];
  const gentleStepUs = IMPACT_PROFILES.gentle.maxStepUs;
  const quiet = await rounds(probe, prepare, [
    { label: 'floor (one EVAL loop)', setup: async () => floorWork(server.url) },
    { label: 'engine fast', setup: engineWork(endpoint, 'fast') },
    { label: 'engine gentle', setup: engineWork(endpoint, 'gentle') },
    { label: 'one busy process (reference)', setup: async () => referenceWork(() => burnOneCore(2000)) },
    {
      label: 'PINGs back to back (reference)',
      setup: async () => referenceWork(() => pingBackToBack(server.port, 20_000)),
    },
    {
      label: 'gentle-sized steps (reference)',
      setup: async () =>
        referenceWork(async () => {
          const { serverUsPerStep } = await stepsBackToBack(client, server.port, gentleStepUs, 8000);
          referenceStepUs.push(serverUsPerStep);
        }),
    },
  ]);
  if (!flags['no-cli']) {
    const cliWork: Work = async () => {
      const from = epochNow();
      const cli = await runRedisCliHotkeys(server.port);
      const top = (quiet[1]?.runs.at(-1)?.engine?.top ?? []).map((k) => ({ name: k.name, freq: k.freq }));
      const missing = disagreements(cli.top, top);
      const row = quiet[1];
      if (row) row.agreement = missing.length === 0 ? 'top 16 agree with redis-cli' : `MISSING ${missing.join(', ')}`;
      return { run: { scanMs: cli.wallMs, totalMs: cli.wallMs }, fromEpochMs: from, toEpochMs: epochNow() };
    };
    quiet.push(...(await rounds(probe, prepare, [{ label: 'redis-cli --hotkeys', setup: async () => cliWork }], 1)));
  }

  log(`under ${LOAD} commands/s of background load (GETs from another process):`);
  const loadChild = await startLoad(server.url, stack);
  const loaded = await rounds(probe, prepare, [
    { label: `floor, ${LOAD}/s load`, setup: async () => floorWork(server.url) },
    { label: `engine gentle, ${LOAD}/s load`, setup: engineWork(endpoint, 'gentle') },
  ]);
  await loadChild.finish();
  return { quiet, loaded, referenceStepUs };
}

async function smallServer(stack: (() => Promise<void>)[]): Promise<Row[]> {
  const server = await startRedisServer({ args: BENCH_SERVER_ARGS });
  stack.push(() => server.stop());
  const client = await connect(server.url);
  stack.push(async () => client.destroy());
  await populate(client, SMALL_KEYS, 'key');
  const hot = Math.min(HOT, SMALL_KEYS);
  await applyHeat(client, zipfHotKeys('key', SMALL_KEYS, ranks(hot), hot));
  await waitForRehash(client);
  const probe = await LatencyProbe.connect(server.url);
  stack.push(async () => probe.close());
  return rounds(
    probe,
    async () => undefined,
    (['fast', 'gentle'] as const).map((impact) => ({
      label: `engine ${impact}, ${SMALL_KEYS} keys`,
      setup: engineWork(standalone(server.url), impact),
    })),
    1,
  );
}

/** A key tag `{t<j>}` whose slot the node serves, for each of `n` tags. */
async function ownedTags(url: string, n: number, skip: Set<string>): Promise<string[]> {
  const client = await connect(url);
  try {
    const nodes = String(await client.sendCommand(['CLUSTER', 'NODES']));
    const mine = nodes.split('\n').find((line) => line.includes('myself')) ?? '';
    const slots = mine
      .split(' ')
      .slice(8)
      .map((range) => range.split('-').map(Number));
    const tags: string[] = [];
    for (let j = 0; tags.length < n; j++) {
      const tag = `t${j}`;
      if (skip.has(tag)) continue;
      const slot = Number(await client.sendCommand(['CLUSTER', 'KEYSLOT', `{${tag}}`]));
      if (slots.some(([from = 0, to = from]) => slot >= from && slot <= to)) tags.push(tag);
    }
    return tags;
  } finally {
    client.destroy();
  }
}

async function cluster(stack: (() => Promise<void>)[]): Promise<{ floor: Row; fast: Row }> {
  const TAGS_PER_MASTER = 8;
  const processes: RedisClusterProcesses = await startRedisCluster(3, BENCH_SERVER_ARGS);
  stack.push(() => processes.stop());
  const taken = new Set<string>();
  const tagsByNode: string[][] = [];
  for (const url of processes.urls) {
    const tags = await ownedTags(url, TAGS_PER_MASTER, taken);
    for (const tag of tags) taken.add(tag);
    tagsByNode.push(tags);
  }
  // Interleaved, so that the hottest ranks land on every master.
  const allTags = (tagsByNode[0] ?? []).flatMap((_, i) => tagsByNode.map((tags) => tags[i] ?? ''));
  const perTag = Math.floor(KEYS / allTags.length);
  const clients = await Promise.all(processes.urls.map(connect));
  stack.push(async () => clients.forEach((c) => c.destroy()));
  const hotByNode: HotKey[][] = tagsByNode.map((tags) =>
    tags.flatMap((tag) => {
      const t = allTags.indexOf(tag);
      const tagRanks = ranks(HOT).filter((r) => r % allTags.length === t);
      return zipfHotKeys(`{${tag}}`, perTag, tagRanks, tagRanks.length);
    }),
  );
  await Promise.all(
    clients.map(async (client, n) => {
      for (const tag of tagsByNode[n] ?? []) await populate(client, perTag, `{${tag}}`);
      await waitForRehash(client);
    }),
  );
  const prepare = async () => {
    await Promise.all(clients.map((client, n) => applyHeat(client, hotByNode[n] ?? [])));
  };
  log(`cluster of 3 masters: ${perTag * allTags.length} keys loaded and settled`);
  const probe = await LatencyProbe.connect(processes.urls[0] ?? '', `{${tagsByNode[0]?.[0]}}:probe:absent`);
  stack.push(async () => probe.close());
  const [floorRow, row] = await rounds(probe, prepare, [
    { label: 'cluster of 3, floor on all', setup: async () => clusterFloorWork(processes.urls) },
    {
      label: 'cluster of 3, engine fast',
      setup: engineWork({ mode: 'cluster', urls: processes.urls, tls: false }, 'fast'),
    },
  ]);
  const top = row?.runs.at(-1)?.engine?.top ?? [];
  log(
    `  cluster top 5: ${top
      .slice(0, 5)
      .map((k) => `${k.name}@${k.shard}=${k.freq}`)
      .join(' ')}`,
  );
  return { floor: floorRow!, fast: row! };
}

const lat = (s: LatencySummary) => `${s.p50.toFixed(2)}/${s.p99.toFixed(2)}`;

function printTable(rows: Row[], floorMs: number): void {
  log('');
  log(
    `${'run'.padEnd(30)} ${'scan ms'.padStart(8)} ${'min-max'.padStart(11)} ${'x floor'.padStart(7)} ${'total ms'.padStart(8)} ${'probe before'.padStart(12)} ${'probe during'.padStart(14)} ${'engine probe'.padStart(18)} ${'backoffs'.padStart(8)} ${'CPU'.padStart(5)} ${'peak RSS'.padStart(9)}`,
  );
  for (const row of rows) {
    const scans = row.runs.map((r) => r.scanMs);
    const scan = median(scans);
    const last = row.runs.at(-1);
    const engine = last?.engine;
    const before = { samples: 0, p50: med(row, (r) => r.before.p50), p99: med(row, (r) => r.before.p99) };
    const during = { samples: 0, p50: med(row, (r) => r.during.p50), p99: med(row, (r) => r.during.p99) };
    const engineProbe = engine
      ? `${engine.impact.probe_p99_ms_before.toFixed(2)} -> ${engine.impact.probe_p99_ms_during.toFixed(2)}`
      : '-';
    log(
      [
        row.label.padEnd(30),
        scan.toFixed(0).padStart(8),
        `${Math.min(...scans).toFixed(0)}-${Math.max(...scans).toFixed(0)}`.padStart(11),
        (scan / floorMs).toFixed(2).padStart(7),
        med(row, (r) => r.totalMs)
          .toFixed(0)
          .padStart(8),
        lat(before).padStart(12),
        lat(during).padStart(14),
        engineProbe.padStart(18),
        (engine ? String(engine.impact.backoffs) : '-').padStart(8),
        (engine ? `${((100 * engine.cpuMs) / engine.wallMs).toFixed(0)}%` : '-').padStart(5),
        (engine ? `${(engine.peakRssKb / 1024).toFixed(1)} MB` : '-').padStart(9),
        row.agreement ? ` ${row.agreement}` : '',
      ].join(' '),
    );
  }
  log(
    'scan: the engine after its 0.6 s probe baseline (total includes it); probe before/during: p50/p99 ms of the ' +
      "bench's own GET every ~2 ms, medians of the rounds; engine probe: the p99 ms the engine measured of itself " +
      '(last round), backoffs: times it slowed for the budget, CPU: the engine process, share of one core',
  );
}

const find = (rows: Row[], label: string) => rows.find((r) => r.label.startsWith(label));
const p99Rise = (row: Row | undefined) => med(row, (r) => r.during.p99 - r.before.p99);

async function main(): Promise<void> {
  log(
    `bench:scan ${KEYS} keys, ${HOT} hot (Zipf-like), ${RUNS} rounds, top ${TOP_N}, latency budget ${BUDGET_MS} ms, ${new Date().toISOString()}`,
  );
  log(`redis-server ${BENCH_SERVER_ARGS.join(' ')}`);
  log(`load average at the start: ${load()}`);
  const stack: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stack.splice(0).reverse()) await stop().catch(() => undefined);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  // redis-server children outlive a crashed parent: stop them on any failure.
  process.once('unhandledRejection', (error) => {
    process.stderr.write(`${String(error)}\n`);
    void stopAll().then(() => process.exit(1));
  });
  try {
    const single = await singleServer(stack);
    await stopAll();
    const small = await smallServer(stack);
    await stopAll();
    const clusterRows = flags['no-cluster'] ? undefined : await cluster(stack);
    await stopAll();

    const floorMs = med(find(single.quiet, 'floor'), (r) => r.scanMs);
    const loadedFloorMs = med(find(single.loaded, 'floor'), (r) => r.scanMs);
    printTable([...single.quiet, ...small, ...(clusterRows ? [clusterRows.floor, clusterRows.fast] : [])], floorMs);
    printTable(single.loaded, loadedFloorMs);
    log('');
    log(
      `the floor (the machine's speed): ${(floorMs / 1000).toFixed(2)} s for ${KEYS} keys quiet, ` +
        `${(loadedFloorMs / 1000).toFixed(2)} s under ${LOAD}/s of load`,
    );
    const fast = find(single.quiet, 'engine fast');
    const gentle = find(single.quiet, 'engine gentle');
    const loadedGentle = find(single.loaded, 'engine gentle');
    if (clusterRows) {
      const floorShare = med(clusterRows.floor, (r) => r.scanMs) / floorMs;
      log(
        `the cluster's floor (the EVAL loop on all 3 masters at once): ${floorShare.toFixed(2)}x one server's floor ` +
          `(1/3 would need a core per master; ${cpus().length} cores here); cluster fast / cluster floor: ` +
          `${(med(clusterRows.fast, (r) => r.scanMs) / med(clusterRows.floor, (r) => r.scanMs)).toFixed(2)}x`,
      );
    }
    const targets: Target[] = [
      ratio('quiet: fast scan / floor', med(fast, (r) => r.scanMs) / floorMs, 1.15),
      ratio('quiet: gentle scan / floor', med(gentle, (r) => r.scanMs) / floorMs, 2.5),
      rise('quiet: gentle, probe p99 rise', p99Rise(gentle), 0.3),
      ratio(
        `${LOAD}/s load: gentle scan / floor under the load`,
        med(loadedGentle, (r) => r.scanMs) / loadedFloorMs,
        3,
      ),
      rise(`${LOAD}/s load: gentle, probe p99 rise`, p99Rise(loadedGentle), 0.5),
      ...(clusterRows
        ? [
            ratio(
              'cluster of 3: fast scan / one server fast',
              med(clusterRows.fast, (r) => r.scanMs) / med(fast, (r) => r.scanMs),
              0.6,
            ),
          ]
        : []),
    ];
    printTargets(targets);
    log(
      `for scale, the probe's p99 rise under neighbours that do none of the scan's work: a process burning one ` +
        `core ${signedMs(p99Rise(find(single.quiet, 'one busy process')))}, one client's PINGs back to back ` +
        `${signedMs(p99Rise(find(single.quiet, 'PINGs back to back')))}, and one client (redis-benchmark) sending ` +
        `steps of the engine's script back to back, each ${median(single.referenceStepUs).toFixed(0)} us of server ` +
        `time, as a gentle step at full pace ${signedMs(p99Rise(find(single.quiet, 'gentle-sized steps')))} ` +
        `(quiet gentle: ${signedMs(p99Rise(gentle))}). ` +
        'A reference near a target says the probe measures the machine more than the scan; the steps reference ' +
        'is what a step of that length costs a neighbour here, whatever client sends it.',
    );
    log(`load average at the end: ${load()} (other work on the machine skews every figure)`);
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
