import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { ImpactMeasured, KeyRecord, Sampled, TaskProgress } from '../../../../contract/hotkey-task';
import { ImpactProbes } from '../probe/impact-probes';
import { DEFAULT_LATENCY_BUDGET_MS, LatencyBudget } from '../probe/latency-budget';
import type { RedisEndpoint } from '../redis-connection';
import { type ShardTarget, shardTargets, targetLabel } from '../scan/cluster-masters';
import { ShardConnection } from '../scan/shard-connection';
import { TopNHeap } from '../scan/top-n-heap';
import { clientShares } from './client-shares';
import { CommandKeys } from './command-keys';
import { IntakeBudget } from './intake-budget';
import { measureSampledKeys, type RankedAccess } from './measure-sampled-keys';
import { SampleProgress } from './sample-progress';
import { sampleShard, type ShardSample } from './sample-shard';

export const DEFAULT_SAMPLE_BYTE_LIMIT = 64 * 1024 * 1024;

export interface SamplingOptions {
  endpoint: RedisEndpoint;
  seconds: number;
  /** Keep the top N keys by measured rate. */
  topN: number;
  /** Bytes of MONITOR output the BFF takes in before it ends the window early. */
  byteLimit: number;
  /** How far the probe's p99 may rise above its p99 before the sampling; MONITOR is duty-cycled to keep it. */
  latencyBudgetMs?: number;
  /** Abort => MONITOR ends at once and the sampling rejects with Error('cancelled'). */
  signal?: AbortSignal;
  /** Called every ~250 ms while the window runs, and once at its end. */
  onProgress?: (progress: TaskProgress) => void;
}

export interface SamplingResult {
  keys: KeyRecord[];
  /** Set when the window was cut short, or MONITOR ran only part of it: why, and over what time rates are. */
  note: string | null;
  impact: ImpactMeasured;
  sampled: Sampled;
}

/** Key positions come from the server itself; every master of a cluster runs the same command table. */
async function readCommandKeys(
  endpoint: RedisEndpoint,
  target: ShardTarget,
  signal: AbortSignal,
): Promise<CommandKeys> {
  const connection = await ShardConnection.open(endpoint, target.url, targetLabel(target), { signal });
  try {
    return CommandKeys.fromCommandReply(await connection.wait(connection.send(['COMMAND'])));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `COMMAND failed on ${targetLabel(target)} (${reason}); sampling reads where each command's keys are from it`,
      { cause: error },
    );
  } finally {
    connection.close();
  }
}

/** Highest rate first; ties by key bytes, db and shard so the top N is one well-defined set. */
const byRate = (a: RankedAccess, b: RankedAccess): number =>
  b.perSecond - a.perSecond ||
  Buffer.compare(a.access.key, b.access.key) ||
  a.access.db - b.access.db ||
  (a.shard ?? '').localeCompare(b.shard ?? '');

const rankedId = (r: RankedAccess): string => `${r.shard ?? ''}\n${r.access.db}\n${r.access.key.toString('latin1')}`;

/** Rates are counts over the time MONITOR ran on each key's master, not over the window. */
function rank(samples: { target: ShardTarget; sample: ShardSample }[], topN: number): RankedAccess[] {
  const heap = new TopNHeap<RankedAccess>(topN, byRate, rankedId);
  for (const { target, sample } of samples) {
    if (sample.sampledMs === 0) continue;
    const sampledSeconds = sample.sampledMs / 1000;
    for (const access of sample.counts.values()) {
      heap.offer({
        access,
        shard: target.shard,
        sampledSeconds,
        perSecond: access.count / sampledSeconds,
        clientInfo: sample.clientInfo,
      });
    }
  }
  return heap.sorted();
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;

function describeCutShort(samples: { sample: ShardSample }[], seconds: number, byteLimit: number): string {
  const opened = samples.filter((s) => s.sample.windowMs > 0);
  const measured = opened.length > 0 ? Math.min(...opened.map((s) => s.sample.windowMs)) / 1000 : 0;
  const unopened = samples.length - opened.length;
  return (
    `sampling stopped after ${measured.toFixed(1)} s of the ${seconds} s window: MONITOR delivered more than ` +
    `${formatBytes(byteLimit)} (the source's sampleByteLimit); rates are over the time measured` +
    (unopened > 0 ? `; ${unopened} master(s) had not started and are not counted` : '')
  );
}

/** Said only when the budget held MONITOR back: every sampling starts with part of its first cycles. */
function describeSampled(sampled: Sampled, budgetMs: number, backoffs: number): string | null {
  if (backoffs === 0) return null;
  const least = [...sampled.shards].sort((a, b) => a.sampled_fraction - b.sampled_fraction)[0];
  const where =
    sampled.shards.length > 1 && least ? ` (least: ${least.shard}, ${percent(least.sampled_fraction)})` : '';
  return (
    `MONITOR ran ${percent(sampled.sampled_fraction)} of the window${where}, in slices, to keep the probe's p99 ` +
    `within ${budgetMs} ms of its value before; rates are over the time sampled, with a 95% interval per key`
  );
}

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

function coverage(samples: { target: ShardTarget; sample: ShardSample }[], windowMs: number): Sampled {
  const shards = samples.map(({ target, sample }) => ({
    shard: targetLabel(target),
    sampled_ms: Math.round(sample.sampledMs),
    sampled_fraction: sample.windowMs > 0 ? Math.min(1, sample.sampledMs / sample.windowMs) : 0,
    slices: sample.slices,
  }));
  const window = samples.reduce((sum, s) => sum + s.sample.windowMs, 0);
  const sampledMs = samples.reduce((sum, s) => sum + s.sample.sampledMs, 0);
  return {
    window_ms: windowMs,
    sampled_ms: Math.round(sampledMs),
    sampled_fraction: window > 0 ? Math.min(1, sampledMs / window) : 0,
    slices: shards.reduce((sum, s) => sum + s.slices, 0),
    shards,
    clients: clientShares(
      samples
        .filter(({ sample }) => sample.sampledMs > 0)
        .flatMap(({ target, sample }) =>
          [...sample.counts.clientTotals()].map(([addr, count]) => ({
            addr,
            count,
            sampledSeconds: sample.sampledMs / 1000,
            info: sample.clientInfo.get(addr),
            shard: target.shard,
          })),
        ),
    ),
  };
}

/**
 * The keys a self-managed Redis server or cluster is actually asked for: MONITOR on every master for the
 * window, accesses counted per key and database, the top N by rate measured, then TYPE, size and (on an
 * LFU server) freq for those keys. A probe per master measures the latency other clients see, before and
 * during; MONITOR runs duty-cycled where the probe says the whole window would cost more than the budget.
 * The window ends early on cancel and when MONITOR's output passes the byte limit; the second keeps what
 * was gathered and says so in the note. No MONITOR connection outlives this call.
 */
export async function runSampling(options: SamplingOptions): Promise<SamplingResult> {
  const { endpoint, seconds, topN, byteLimit, onProgress } = options;
  const budgetMs = options.latencyBudgetMs ?? DEFAULT_LATENCY_BUDGET_MS;
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw new Error('cancelled');
  const stop = new AbortController();
  // The caller's cancel, for this call's connections to listen to: one or more a master, on a cluster more than
  // Node's warning allows on one signal.
  const cancel = new AbortController();
  setMaxListeners(0, stop.signal, cancel.signal);
  const onAbort = () => {
    cancel.abort();
    stop.abort();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const intake = new IntakeBudget(byteLimit, () => stop.abort());
  const windowMs = seconds * 1000;
  let progress: SampleProgress | undefined;
  let probes: ImpactProbes | undefined;
  try {
    const targets = await shardTargets(endpoint, stop.signal);
    const commandKeys = await readCommandKeys(endpoint, targets[0]!, stop.signal);
    const opened = await ImpactProbes.open(endpoint, targets, stop.signal);
    probes = opened;
    const budgets = targets.map((t) => new LatencyBudget(opened.of(targetLabel(t)), budgetMs));
    await probes.baseline(stop.signal);
    progress = new SampleProgress(targets.map(targetLabel), windowMs, onProgress, () => performance.now());
    progress.run();
    const samples = await Promise.all(
      targets.map((target, i) =>
        sampleShard({
          endpoint,
          url: target.url,
          shard: targetLabel(target),
          commandKeys,
          windowMs,
          budget: budgets[i]!,
          budgetMs,
          intake,
          stop: stop.signal,
          cancel: cancel.signal,
          onStarted: (at) => progress?.start(targetLabel(target), at),
        })
          .then((sample) => ({ target, sample }))
          .catch((error: unknown) => {
            stop.abort();
            throw error;
          }),
      ),
    );
    progress.finish();
    if (signal.aborted) throw new Error('cancelled');
    const ranked = rank(samples, topN);
    const keys = (
      await Promise.all(
        targets.map((target) =>
          measureSampledKeys(
            endpoint,
            target,
            targetLabel(target),
            ranked.filter((r) => r.shard === target.shard),
            cancel.signal,
          ),
        ),
      )
    ).flat();
    await probes.stop();
    keys.sort((a, b) => (b.sample?.per_second ?? 0) - (a.sample?.per_second ?? 0));
    const sampled = coverage(samples, windowMs);
    const backoffs = budgets.reduce((sum, b) => sum + b.overruns, 0);
    const notes = [
      intake.exhausted ? describeCutShort(samples, seconds, byteLimit) : null,
      describeSampled(sampled, budgetMs, backoffs),
    ];
    return {
      keys,
      note: notes.filter((n) => n !== null).join('; ') || null,
      impact: probes.report({ budgetMs, applied: true, backoffs }),
      sampled,
    };
  } catch (error) {
    if (signal.aborted) throw new Error('cancelled', { cause: error });
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    progress?.finish();
    probes?.close();
    signal.removeEventListener('abort', onAbort);
  }
}
