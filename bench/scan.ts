import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startRedisCluster, type RedisClusterProcesses } from '../src/server/local-redis/redis-cluster-processes';
import { startRedisServer, type RedisServerProcess } from '../src/server/local-redis/redis-server-process';
import type { Impact } from '../src/contract/hotkey-task';
import type { RedisEndpoint } from '../src/server/sources/redis/redis-connection';
import type { ImpactProfile } from '../src/server/sources/redis/scan/impact-profile';
import {
  applyHeat,
  BENCH_SERVER_ARGS,
  connect,
  type HotKey,
  populate,
  waitForRehash,
  zipfHotKeys,
} from './bench-keyspace';
import type { EngineChildResult } from './engine-child';
import { timeFloor } from './floor-eval';
import { LatencyProbe, type LatencySummary, summarize } from './latency-probe';
import { disagreements, runRedisCliHotkeys } from './redis-cli-hotkeys';
import { startEngine } from './run-engine';

/**
 * `npm run bench:scan [-- --keys N --hot H --runs R --no-cluster]`: the hot key scan engine against the
 * floor (one server-side EVAL loop) and redis-cli --hotkeys on the same data; see issue 5.
 */
const { values: flags } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000000' },
    hot: { type: 'string', default: '500' },
    runs: { type: 'string', default: '3' },
    'small-keys': { type: 'string', default: '10000' },
    'no-cluster': { type: 'boolean', default: false },
    /** Tuning: JSON overrides of the impact profiles, e.g. --gentle '{"luaCount":200}'. */
    gentle: { type: 'string', default: '{}' },
    fast: { type: 'string', default: '{}' },
  },
});
const KEYS = Number(flags.keys);
const HOT = Number(flags.hot);
const RUNS = Number(flags.runs);
const SMALL_KEYS = Number(flags['small-keys']);
const TOP_N = 100;
const IMPACTS: Impact[] = ['fast', 'gentle'];
const PROFILE_OVERRIDES = {
  fast: JSON.parse(flags.fast) as Partial<ImpactProfile>,
  gentle: JSON.parse(flags.gentle) as Partial<ImpactProfile>,
};

interface Row {
  label: string;
  wallMs: number[];
  before?: LatencySummary;
  during?: LatencySummary;
  peakRssKb?: number;
  agreement?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => x.toFixed(0).padStart(7);
const lat = (s?: LatencySummary) => (s ? `${s.p50.toFixed(2)}/${s.p99.toFixed(2)}` : '-').padStart(11);
const log = (line: string) => process.stdout.write(`${line}\n`);

const standalone = (url: string): RedisEndpoint => ({ mode: 'standalone', urls: [url], tls: false });
const ranks = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Runs a scan `runs` times on the same data (`prepare` resets the heat first): `setup` readies one run
 * and returns its start, then an idle second of the probe gives the baseline, then the scan runs.
 */
async function measure<T extends { wallMs: number }>(
  probe: LatencyProbe,
  prepare: () => Promise<void>,
  label: string,
  setup: () => Promise<() => Promise<T>>,
  runs = RUNS,
): Promise<{ row: Row; results: T[] }> {
  const before: number[] = [];
  const during: number[] = [];
  const results: T[] = [];
  for (let run = 0; run < runs; run++) {
    await prepare();
    const work = await setup();
    before.push(...(await probe.idle(1000)));
    const measured = await probe.during(work);
    during.push(...measured.latencies);
    results.push(measured.result);
    log(`  ${label} run ${run + 1}: ${measured.result.wallMs.toFixed(0)} ms`);
  }
  return {
    row: { label, wallMs: results.map((r) => r.wallMs), before: summarize(before), during: summarize(during) },
    results,
  };
}

const peak = (results: EngineChildResult[]) => Math.max(...results.map((r) => r.peakRssKb));

async function singleServer(stack: (() => Promise<void>)[]): Promise<{ rows: Row[]; fastMs: number; cliMs: number }> {
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
    `single server 127.0.0.1:${server.port}: ${await client.dbSize()} keys loaded and settled in ${ms(performance.now() - loadStart).trim()} ms`,
  );
  const probe = await LatencyProbe.connect(server.url);
  stack.push(async () => probe.close());

  const rows: Row[] = [];
  const floor = await measure(probe, prepare, 'floor (one EVAL loop)', async () => () => timeFloor(server.url));
  rows.push(floor.row);
  const engine = new Map<Impact, EngineChildResult[]>();
  for (const impact of IMPACTS) {
    const { row, results } = await measure(probe, prepare, `engine ${impact}`, () =>
      startEngine({ endpoint: standalone(server.url), impact, topN: TOP_N, profile: PROFILE_OVERRIDES[impact] }),
    );
    engine.set(impact, results);
    rows.push({ ...row, peakRssKb: peak(results) });
  }
  const cli = await measure(
    probe,
    prepare,
    'redis-cli --hotkeys',
    async () => () => runRedisCliHotkeys(server.port),
    1,
  );
  rows.push(cli.row);
  const cliTop = cli.results[0]?.top ?? [];
  for (const row of rows) {
    const impact = IMPACTS.find((i) => row.label === `engine ${i}`);
    const top = impact ? engine.get(impact)?.at(-1)?.top : undefined;
    if (!top) continue;
    const missing = disagreements(cliTop, top);
    row.agreement = missing.length === 0 ? 'agrees' : `MISSING ${missing.join(', ')}`;
  }
  log(`  redis-cli top 16: ${cliTop.map((k) => `${k.name}=${k.freq}`).join(' ')}`);
  log(
    `  engine top 16:    ${(engine.get('fast')?.at(-1)?.top ?? [])
      .slice(0, 16)
      .map((k) => `${k.name}=${k.freq}`)
      .join(' ')}`,
  );
  return {
    rows,
    fastMs: median(rows.find((r) => r.label === 'engine fast')?.wallMs ?? []),
    cliMs: median(cli.row.wallMs),
  };
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
  const rows: Row[] = [];
  for (const impact of IMPACTS) {
    const result = await (
      await startEngine({ endpoint: standalone(server.url), impact, topN: TOP_N, profile: PROFILE_OVERRIDES[impact] })
    )();
    rows.push({ label: `engine ${impact}, ${SMALL_KEYS} keys`, wallMs: [result.wallMs], peakRssKb: result.peakRssKb });
  }
  return rows;
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

async function cluster(stack: (() => Promise<void>)[]): Promise<Row> {
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
  const { row, results } = await measure(probe, prepare, 'cluster engine fast', () =>
    startEngine({
      endpoint: { mode: 'cluster', urls: processes.urls, tls: false },
      impact: 'fast',
      topN: TOP_N,
      profile: PROFILE_OVERRIDES.fast,
    }),
  );
  log(
    `  cluster top 5: ${(results.at(-1)?.top ?? [])
      .slice(0, 5)
      .map((k) => `${k.name}@${k.shard}=${k.freq}`)
      .join(' ')}`,
  );
  return { ...row, peakRssKb: peak(results) };
}

function printTable(rows: Row[], floorMs: number, cliMs: number): void {
  log('');
  log(
    `${'run'.padEnd(30)} ${'wall ms'.padStart(7)} ${'min-max'.padStart(11)} ${'x floor'.padStart(7)} ${'x cli'.padStart(6)} ${'probe before'.padStart(11)} ${'probe during'.padStart(11)} ${'peak RSS'.padStart(9)}  top 16 vs redis-cli`,
  );
  for (const row of rows) {
    const wall = median(row.wallMs);
    const range = `${Math.min(...row.wallMs).toFixed(0)}-${Math.max(...row.wallMs).toFixed(0)}`;
    log(
      `${row.label.padEnd(30)} ${ms(wall)} ${range.padStart(11)} ${(wall / floorMs).toFixed(2).padStart(7)} ${(wall / cliMs).toFixed(2).padStart(6)} ${lat(row.before)} ${lat(row.during)} ${(row.peakRssKb ? `${(row.peakRssKb / 1024).toFixed(1)} MB` : '-').padStart(9)}  ${row.agreement ?? ''}`,
    );
  }
  log('probe: p50/p99 ms of one GET every ~2 ms on its own connection; wall: median of the runs');
}

async function main(): Promise<void> {
  log(
    `bench:scan ${KEYS} keys, ${HOT} hot (Zipf-like), ${RUNS} runs per mode, top ${TOP_N}, ${new Date().toISOString()}`,
  );
  log(`redis-server ${BENCH_SERVER_ARGS.join(' ')}`);
  log(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
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
    const rows = [...single.rows, ...(await smallServer(stack))];
    await stopAll();
    if (!flags['no-cluster']) {
      const row = await cluster(stack);
      rows.push({ ...row, agreement: `x single-server fast: ${(median(row.wallMs) / single.fastMs).toFixed(2)}` });
    }
    printTable(rows, median(single.rows[0]?.wallMs ?? []), single.cliMs);
    log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews every figure)`,
    );
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
