import { ErrorReply } from 'redis';
import type { BudgetJudge } from '../probe/latency-budget';
import { type FreqBatch, isNotLfuError, NOT_LFU_REASON } from './freq-batch';
import type { ImpactProfile } from './impact-profile';
import type { Candidate } from './key-rank';
import { luaFreqBatches } from './lua-freq-batches';
import { Pacer } from './pacer';
import { pipelinedFreqBatches } from './pipelined-freq-batches';
import type { ScanProgress } from './scan-progress';
import { ShardConnection, ShardError } from './shard-connection';
import { StepPacing } from './step-pacing';
import { StepSizer } from './step-sizer';
import type { TopNHeap } from './top-n-heap';

export interface ShardScan {
  connection: ShardConnection;
  /** Cluster master `ip:port`; null on a standalone server. */
  shard: string | null;
  redisMajor: number;
  databases: { db: number; keys: number; progressLabel: string }[];
  /** The server's latency budget, judged by its probe; absent when the scan ignores it (`fast`). */
  budget: BudgetJudge | undefined;
}

export interface ScanContext {
  profile: ImpactProfile;
  heap: TopNHeap<Candidate>;
  progress: ScanProgress;
  signal: AbortSignal;
}

/** Stops between steps once the scan is cancelled or another shard failed. */
function checkSignal(signal: AbortSignal, connection: ShardConnection): void {
  if (signal.aborted) throw new ShardError(connection.shard, 'cancelled');
}

/**
 * Runs `scan` over the server-side script when the server allows it; EVAL may be disabled, renamed or
 * denied by ACL, in which case the first step fails and the database is scanned from the client instead.
 */
async function* freqBatches(
  scan: ShardScan,
  ctx: ScanContext,
  useLua: { value: boolean },
  pacing: StepPacing,
  sizer: StepSizer,
): AsyncGenerator<FreqBatch> {
  const minFreq = () => (ctx.heap.full ? (ctx.heap.worst?.freq ?? 0) + 1 : 0);
  if (useLua.value) {
    const lua = luaFreqBatches(scan.connection, {
      step: () => ({
        stepUs: pacing.stepUs,
        innerCount: sizer.innerCount(pacing.stepUs),
        maxKeys: sizer.maxKeys(pacing.stepUs),
      }),
      minFreq,
      topN: ctx.heap.capacity,
      redisMajor: scan.redisMajor,
    });
    let first: IteratorResult<FreqBatch> | undefined;
    try {
      first = await lua.next();
    } catch (error) {
      if (!(error instanceof ErrorReply) || isNotLfuError(error)) throw error;
      useLua.value = false;
    }
    if (first) {
      if (!first.done) yield first.value;
      yield* lua;
      return;
    }
  }
  yield* pipelinedFreqBatches(scan.connection, { count: ctx.profile.pipelineCount, minFreq });
}

/** Scans every database of one server on its own connection, feeding the shared top-N heap. */
export async function scanShard(scan: ShardScan, ctx: ScanContext): Promise<void> {
  const { connection } = scan;
  const useLua = { value: true };
  const pacing = new StepPacing(ctx.profile, scan.budget);
  const sizer = new StepSizer();
  const pacer = new Pacer(() => pacing.dutyCycle);
  try {
    for (const { db, progressLabel } of scan.databases) {
      if (scan.shard === null) await connection.wait(connection.send(['SELECT', String(db)]));
      for await (const batch of freqBatches(scan, ctx, useLua, pacing, sizer)) {
        for (const { key, freq } of batch.hits) ctx.heap.offer({ key, freq, db, shard: scan.shard });
        sizer.observe(batch.scanned, batch.elapsedUs, batch.serverTimed);
        ctx.progress.add(progressLabel, batch.scanned);
        checkSignal(ctx.signal, connection);
        pacing.adjust();
        await pacer.afterStep(batch.elapsedUs);
        checkSignal(ctx.signal, connection);
      }
      ctx.progress.finish(progressLabel);
    }
  } catch (error) {
    if (error instanceof ShardError) throw error;
    if (isNotLfuError(error)) throw new ShardError(connection.shard, NOT_LFU_REASON);
    throw new ShardError(connection.shard, error instanceof Error ? error.message : String(error));
  }
}
