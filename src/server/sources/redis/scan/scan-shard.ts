import { ErrorReply } from 'redis';
import type { BudgetJudge } from '../probe/latency-budget';
import { type FreqBatch, isNotLfuError, NOT_LFU_REASON, toNumber } from './freq-batch';
import type { ImpactProfile } from './impact-profile';
import type { Candidate } from './key-rank';
import { type KeyspaceHalf, luaFreqBatches } from './lua-freq-batches';
import { Pacer } from './pacer';
import { pipelinedFreqBatches } from './pipelined-freq-batches';
import type { ScanProgress } from './scan-progress';
import { ShardConnection, ShardError } from './shard-connection';
import { StepPacing } from './step-pacing';
import { StepSizer } from './step-sizer';
import type { TopNHeap } from './top-n-heap';

export interface ShardScan {
  connection: ShardConnection;
  /**
   * A second connection to the same server where the profile walks both halves of the keyspace at once: the
   * server runs one half's step while the other half's reply travels and its next step is sent, and between
   * two steps it serves whichever clients are waiting, as between any two commands.
   */
  secondHalf: ShardConnection | undefined;
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
 * denied by ACL, in which case the first step fails and the database is scanned from the client instead,
 * whole whatever `half` asked (the caller starts a second half only once a first step has run as a script).
 */
async function* freqBatches(
  scan: ShardScan,
  ctx: ScanContext,
  useLua: { value: boolean },
  steps: { pacing: StepPacing; sizer: StepSizer },
  walk: { half: KeyspaceHalf; connection: ShardConnection },
): AsyncGenerator<FreqBatch> {
  const { half, connection } = walk;
  const minFreq = () => (ctx.heap.full ? (ctx.heap.worst?.freq ?? 0) + 1 : 0);
  const { pacing, sizer } = steps;
  if (useLua.value) {
    const lua = luaFreqBatches(connection, {
      step: () => ({
        stepUs: pacing.stepUs,
        innerCount: sizer.innerCount(pacing.stepUs),
        maxKeys: sizer.maxKeys(pacing.stepUs),
      }),
      minFreq,
      topN: ctx.heap.capacity,
      redisMajor: scan.redisMajor,
      half,
    });
    let first: IteratorResult<FreqBatch> | undefined;
    try {
      first = await lua.next();
    } catch (error) {
      // The second half starts once the script ran: a refusal now is a fault, not a server without EVAL.
      if (!(error instanceof ErrorReply) || isNotLfuError(error) || half === 'second') throw error;
      useLua.value = false;
    }
    if (first) {
      if (!first.done) yield first.value;
      yield* lua;
      return;
    }
  }
  yield* pipelinedFreqBatches(connection, { count: ctx.profile.pipelineCount, minFreq });
}

/**
 * Scans one database: the whole keyspace in one series of steps, or, where the scan has a second connection,
 * both halves at once: the server then finds the next step already waiting when one ends, instead of idling
 * for the round trip in which the BFF reads the reply and sends the next.
 */
async function scanDatabase(
  scan: ShardScan,
  ctx: ScanContext,
  db: number,
  progressLabel: string,
  state: { useLua: { value: boolean }; pacing: StepPacing; sizer: StepSizer; pacer: Pacer },
): Promise<void> {
  const { connection } = scan;
  /** Takes one step's batch into the heap and progress, then paces; undefined once the series has ended. */
  const step = async (batches: AsyncGenerator<FreqBatch>): Promise<FreqBatch | undefined> => {
    const next = await batches.next();
    if (next.done) return undefined;
    const batch = next.value;
    for (const { key, freq } of batch.hits) ctx.heap.offer({ key, freq, db, shard: scan.shard });
    state.sizer.observe(batch.scanned, batch.elapsedUs, batch.serverTimed);
    ctx.progress.add(progressLabel, batch.scanned);
    checkSignal(ctx.signal, connection);
    state.pacing.adjust();
    await state.pacer.afterStep(batch.elapsedUs);
    checkSignal(ctx.signal, connection);
    return batch;
  };
  const drain = async (batches: AsyncGenerator<FreqBatch>): Promise<void> => {
    while (await step(batches)) continue;
  };
  const { secondHalf } = scan;
  if (!secondHalf) return drain(freqBatches(scan, ctx, state.useLua, state, { half: 'whole', connection }));
  const first = freqBatches(scan, ctx, state.useLua, state, { half: 'first', connection });
  // One step alone tells whether the script runs; if not, `first` has turned into a client-side scan of the
  // whole. A keyspace so small that one step walked all of it needs no second half.
  const head = await step(first);
  if (!head) return;
  if (!state.useLua.value || head.cursor === '0') return drain(first);
  await Promise.all([
    drain(first),
    drain(freqBatches(scan, ctx, state.useLua, state, { half: 'second', connection: secondHalf })),
  ]);
}

/** Scans every database of one server on its own connection, feeding the shared top-N heap. */
export async function scanShard(scan: ShardScan, ctx: ScanContext): Promise<void> {
  const { connection } = scan;
  const pacing = new StepPacing(ctx.profile, scan.budget);
  const state = { useLua: { value: true }, pacing, sizer: new StepSizer(), pacer: new Pacer(() => pacing.dutyCycle) };
  try {
    for (const { db, progressLabel } of scan.databases) {
      if (scan.shard === null) {
        for (const c of [connection, scan.secondHalf]) if (c) await c.wait(c.send(['SELECT', String(db)]));
      }
      await scanDatabase(scan, ctx, db, progressLabel, state);
      // Only the progress needs the size: a server that refuses DBSIZE keeps the count as scanned.
      const size = await connection.wait(connection.send(['DBSIZE'])).catch(() => undefined);
      ctx.progress.finish(progressLabel, size === undefined ? undefined : toNumber(size));
    }
  } catch (error) {
    if (error instanceof ShardError) throw error;
    if (isNotLfuError(error)) throw new ShardError(connection.shard, NOT_LFU_REASON);
    throw new ShardError(connection.shard, error instanceof Error ? error.message : String(error));
  }
}
