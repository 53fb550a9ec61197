import { performance } from 'node:perf_hooks';
import type { KeyRecord, TaskProgress } from '../../../../contract/hotkey-task';
import type { RedisEndpoint } from '../redis-connection';
import { type ShardTarget, shardTargets, targetLabel } from '../scan/cluster-masters';
import { ShardConnection } from '../scan/shard-connection';
import { TopNHeap } from '../scan/top-n-heap';
import { CommandKeys } from './command-keys';
import { IntakeBudget } from './intake-budget';
import { measureSampledKeys, type RankedAccess } from './measure-sampled-keys';
import { monitorShard, type ShardSample } from './monitor-shard';
import { SampleProgress } from './sample-progress';

export const DEFAULT_SAMPLE_BYTE_LIMIT = 64 * 1024 * 1024;

export interface SamplingOptions {
  endpoint: RedisEndpoint;
  seconds: number;
  /** Keep the top N keys by measured rate. */
  topN: number;
  /** Bytes of MONITOR output the BFF takes in before it ends the window early. */
  byteLimit: number;
  /** Abort => MONITOR ends at once and the sampling rejects with Error('cancelled'). */
  signal?: AbortSignal;
  /** Called every ~250 ms while the window runs, and once at its end. */
  onProgress?: (progress: TaskProgress) => void;
}

export interface SamplingResult {
  keys: KeyRecord[];
  /** Set when the window was cut short: what stopped it and over how long the rates were measured. */
  note: string | null;
}

/** Key positions come from the server itself; every master of a cluster runs the same command table. */
async function readCommandKeys(endpoint: RedisEndpoint, target: ShardTarget): Promise<CommandKeys> {
  const connection = await ShardConnection.open(endpoint, target.url, targetLabel(target));
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

function rank(samples: { target: ShardTarget; sample: ShardSample }[], topN: number): RankedAccess[] {
  const heap = new TopNHeap<RankedAccess>(topN, byRate, rankedId);
  for (const { target, sample } of samples) {
    if (sample.elapsedMs === 0) continue;
    const seconds = sample.elapsedMs / 1000;
    for (const access of sample.counts.values()) {
      heap.offer({ access, shard: target.shard, perSecond: access.count / seconds });
    }
  }
  return heap.sorted();
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;

function describeCutShort(samples: { sample: ShardSample }[], seconds: number, byteLimit: number): string {
  const opened = samples.filter((s) => s.sample.elapsedMs > 0);
  const measured = opened.length > 0 ? Math.min(...opened.map((s) => s.sample.elapsedMs)) / 1000 : 0;
  const unopened = samples.length - opened.length;
  return (
    `sampling stopped after ${measured.toFixed(1)} s of the ${seconds} s window: MONITOR delivered more than ` +
    `${formatBytes(byteLimit)} (the source's sampleByteLimit); rates are over the time measured` +
    (unopened > 0 ? `; ${unopened} master(s) had not started and are not counted` : '')
  );
}

/**
 * The keys a self-managed Redis server or cluster is actually asked for: MONITOR on every master at once
 * for the window, accesses counted per key and database, the top N by rate measured, then TYPE, size and
 * (on an LFU server) freq for those keys. The window ends early on cancel and when MONITOR's output passes
 * the byte limit; the second keeps what was gathered and says so in the note. No MONITOR connection
 * outlives this call.
 */
export async function runSampling(options: SamplingOptions): Promise<SamplingResult> {
  const { endpoint, seconds, topN, byteLimit, onProgress } = options;
  const signal = options.signal ?? new AbortController().signal;
  if (signal.aborted) throw new Error('cancelled');
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const budget = new IntakeBudget(byteLimit, () => stop.abort());
  const windowMs = seconds * 1000;
  let progress: SampleProgress | undefined;
  try {
    const targets = await shardTargets(endpoint);
    const commandKeys = await readCommandKeys(endpoint, targets[0]!);
    progress = new SampleProgress(targets.map(targetLabel), windowMs, onProgress, () => performance.now());
    progress.run();
    const samples = await Promise.all(
      targets.map((target) =>
        monitorShard({
          endpoint,
          url: target.url,
          shard: targetLabel(target),
          commandKeys,
          windowMs,
          budget,
          stop: stop.signal,
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
          ),
        ),
      )
    ).flat();
    keys.sort((a, b) => (b.sample?.per_second ?? 0) - (a.sample?.per_second ?? 0));
    const note = budget.exhausted ? describeCutShort(samples, seconds, byteLimit) : null;
    return { keys, note };
  } catch (error) {
    if (signal.aborted) throw new Error('cancelled', { cause: error });
    throw error instanceof Error ? error : new Error(String(error));
  } finally {
    progress?.finish();
    signal.removeEventListener('abort', onAbort);
  }
}
