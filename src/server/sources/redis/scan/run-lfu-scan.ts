import { setMaxListeners } from 'node:events';
import type { Impact, ImpactMeasured, KeyWithFreq, TaskProgress } from '../../../../contract/hotkey-task';
import { ImpactProbes } from '../probe/impact-probes';
import { type BudgetJudge, DEFAULT_LATENCY_BUDGET_MS, LatencyBudget } from '../probe/latency-budget';
import { describeRedisError, type RedisEndpoint } from '../redis-connection';
import { type ShardTarget, shardTargets, targetLabel } from './cluster-masters';
import { IMPACT_PROFILES } from './impact-profile';
import { type Candidate, candidateId, compareCandidates, hotterFirst } from './key-rank';
import { measureKeys } from './measure-keys';
import { scanShard, type ShardScan } from './scan-shard';
import { ScanProgress } from './scan-progress';
import { parseInfo } from './server-info';
import { ShardConnection, ShardError } from './shard-connection';
import { TopNHeap } from './top-n-heap';

export interface LfuScanOptions {
  endpoint: RedisEndpoint;
  /** Keep the top N keys by freq. */
  topN: number;
  impact: Impact;
  /** How far the probe's p99 may rise above its p99 before the scan; `gentle` paces itself by it. */
  latencyBudgetMs?: number;
  /** Abort => stop within about one step, reject with Error('cancelled'). */
  signal?: AbortSignal;
  /** Called at most every ~250 ms, and once at the end. */
  onProgress?: (progress: TaskProgress) => void;
}

export interface LfuScanResult {
  keys: KeyWithFreq[];
  impact: ImpactMeasured;
}

async function openShard(
  endpoint: RedisEndpoint,
  target: ShardTarget,
  connections: ShardConnection[],
  signal: AbortSignal,
  budget: BudgetJudge | undefined,
  halves: boolean,
): Promise<ShardScan> {
  const open = async () => {
    // Fails at once when the scan ends (failed elsewhere, or cancelled), even while it is being opened.
    const opened = await ShardConnection.open(endpoint, target.url, targetLabel(target), { signal });
    connections.push(opened);
    return opened;
  };
  const connection = await open();
  // A server at its client limit may refuse a second connection: the scan then walks the keyspace whole.
  const secondHalf = halves ? await open().catch(() => undefined) : undefined;
  let info;
  try {
    info = parseInfo(String(await connection.wait(connection.send<Buffer>(['INFO']))));
    // Reading a key's size counts as an access and warms the very keys being reported; Redis 7.2+ can
    // be told not to. Older servers refuse the subcommand, and then a measured key may gain one access.
    await connection.wait(connection.send(['CLIENT', 'NO-TOUCH', 'ON'])).catch(() => undefined);
  } catch (error) {
    throw error instanceof ShardError ? error : new ShardError(connection.shard, describeRedisError(error));
  }
  return {
    connection,
    secondHalf,
    shard: target.shard,
    redisMajor: info.redisMajor,
    budget,
    // A cluster node has only db 0; an empty master is still listed, so progress shows every master.
    databases:
      target.shard === null
        ? info.databases.map((d) => ({ ...d, progressLabel: `db ${d.db}` }))
        : [{ db: 0, keys: info.databases.find((d) => d.db === 0)?.keys ?? 0, progressLabel: target.shard }],
  };
}

/**
 * The top N keys by LFU freq of a self-managed Redis server or cluster: SCAN with OBJECT FREQ on every
 * database (standalone) or every master in parallel (cluster), a bounded heap of the hottest keys, then
 * TYPE and size for those keys only. A probe per server measures the latency other clients see, for a
 * short window before the scan and throughout it: `gentle` paces each server's scan by it, and the result
 * reports it. Every connection opened is closed before this settles.
 */
export async function runLfuScan(options: LfuScanOptions): Promise<LfuScanResult> {
  const { endpoint, topN, impact, onProgress } = options;
  const budgetMs = options.latencyBudgetMs ?? DEFAULT_LATENCY_BUDGET_MS;
  const profile = IMPACT_PROFILES[impact];
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw new Error('cancelled');
  // One failing shard stops the others at their next step instead of letting them run on for nothing.
  const stop = new AbortController();
  // Each connection listens to it, two a master for `fast`: a large cluster has more than Node's warning allows.
  setMaxListeners(0, stop.signal);
  // Every connection is opened under `stop`, which fails its commands at once.
  const connections: ShardConnection[] = [];
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  let probes: ImpactProbes | undefined;
  try {
    const targets = await shardTargets(endpoint, stop.signal);
    const opened = await ImpactProbes.open(endpoint, targets, stop.signal);
    probes = opened;
    const budgets = targets.map((t) =>
      profile.paced ? new LatencyBudget(opened.of(targetLabel(t)), budgetMs) : undefined,
    );
    const shards = await Promise.all(
      targets.map((t, i) => openShard(endpoint, t, connections, stop.signal, budgets[i], profile.halves)),
    );
    const progress = new ScanProgress(
      shards.flatMap((s) => s.databases.map((d) => ({ shard: d.progressLabel, total: d.keys }))),
      onProgress,
    );
    progress.flush();
    await probes.baseline(stop.signal);
    const heap = new TopNHeap<Candidate>(topN, hotterFirst, candidateId);
    const ctx = { profile, heap, progress, signal: stop.signal };
    await Promise.all(
      shards.map((scan) =>
        scanShard(scan, ctx).catch((error: unknown) => {
          stop.abort();
          throw error;
        }),
      ),
    );
    progress.flush();
    const kept = heap.sorted().sort(compareCandidates);
    const measured = await Promise.all(
      shards.map((scan) =>
        measureKeys(
          scan.connection,
          kept.filter((c) => c.shard === scan.shard),
        ),
      ),
    );
    await probes.stop();
    return {
      keys: kept.flatMap((c) => measured.find((m) => m.has(c))?.get(c) ?? []),
      impact: probes.report({
        budgetMs,
        applied: profile.paced,
        backoffs: budgets.reduce((sum, b) => sum + (b?.overruns ?? 0), 0),
      }),
    };
  } catch (error) {
    if (signal.aborted) throw new Error('cancelled', { cause: error });
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    for (const c of connections) c.close();
    probes?.close();
  }
}
