import { performance } from 'node:perf_hooks';
import { ErrorReply, RESP_TYPES } from 'redis';
import { connectStandalone, describeRedisError, type RedisClient, type RedisEndpoint } from '../redis-connection';
import { COMMAND_TIMEOUT_MS, ShardError } from '../scan/shard-connection';
import { AccessCounts } from './access-counts';
import type { CommandKeys } from './command-keys';
import type { IntakeBudget } from './intake-budget';
import { argBytes, parseMonitorLine } from './monitor-line';

export interface MonitorShardOptions {
  endpoint: RedisEndpoint;
  url: string;
  /** Names the server in failures and progress. */
  shard: string;
  commandKeys: CommandKeys;
  windowMs: number;
  budget: IntakeBudget;
  /** Ends the window early (cancel, byte limit, another master failed); what was counted is kept. */
  stop: AbortSignal;
  /** When MONITOR was acknowledged: the window runs from here. */
  onStarted?: (at: number) => void;
}

export interface ShardSample {
  shard: string;
  counts: AccessCounts;
  /** How long MONITOR actually ran: the window, or less when it was stopped; 0 if it never opened. */
  elapsedMs: number;
}

/** RESP frames every MONITOR line as `+...\r\n`: three bytes the reply itself does not include. */
const FRAME_BYTES = 3;

/** The refusal an operator can act on, for a user whose ACL lacks MONITOR. */
function explainMonitorError(error: unknown, endpoint: RedisEndpoint): string {
  const message = describeRedisError(error);
  if (!(error instanceof ErrorReply) || !message.startsWith('NOPERM')) return `MONITOR failed: ${message}`;
  const user = endpoint.username ?? 'default';
  return `the Redis user "${user}" may not run MONITOR (${message}); grant it with ACL SETUSER ${user} +monitor, or use the LFU analysis`;
}

/** Settles when the window ends or `stop` fires; rejects when the connection is lost first. */
function windowEnd(client: RedisClient, shard: string, windowMs: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
      client.off('end', onEnd);
      if (error) reject(error);
      else resolve();
    };
    const onStop = () => finish();
    const onEnd = () => finish(new ShardError(shard, 'connection lost during sampling'));
    const timer = setTimeout(() => finish(), windowMs);
    stop.addEventListener('abort', onStop, { once: true });
    client.once('end', onEnd);
    if (stop.aborted) finish();
  });
}

/**
 * Runs MONITOR on one server for a window on a connection of its own and counts the keys each command
 * touched. The connection is always destroyed before this settles, which ends MONITOR on the server; if
 * the BFF process dies instead, the operating system closes the socket and MONITOR ends the same way.
 */
export async function monitorShard(options: MonitorShardOptions): Promise<ShardSample> {
  const { endpoint, url, shard, commandKeys, windowMs, budget, stop } = options;
  let client: RedisClient;
  try {
    client = await connectStandalone(endpoint, url);
  } catch (error) {
    throw new ShardError(shard, `cannot connect: ${describeRedisError(error)}`);
  }
  const counts = new AccessCounts();
  let stopped = false;
  const onLine = (reply: Buffer): void => {
    // Lines already in the socket's buffer when the window ended are not part of it.
    if (stopped) return;
    budget.take(reply.length + FRAME_BYTES);
    const line = parseMonitorLine(reply);
    // A script's own commands would count its declared keys a second time.
    if (!line || line.client === 'lua') return;
    counts.lines++;
    const { command, keys } = commandKeys.keysOf(line);
    for (const index of keys) counts.record(line.db, argBytes(line, index), command);
  };
  let unanswered = false;
  const guard = setTimeout(() => {
    unanswered = true;
    client.destroy();
  }, COMMAND_TIMEOUT_MS);
  try {
    try {
      await client.withTypeMapping({ [RESP_TYPES.SIMPLE_STRING]: Buffer }).monitor(onLine);
    } catch (error) {
      if (unanswered) throw new ShardError(shard, `no reply to MONITOR within ${COMMAND_TIMEOUT_MS / 1000} s`);
      throw new ShardError(shard, stop.aborted ? 'stopped' : explainMonitorError(error, endpoint));
    } finally {
      clearTimeout(guard);
    }
    // Stopped before this master's window opened (another master filled the byte limit first): a few
    // lines over a few milliseconds would read as absurd rates, so this master reports no window at all.
    if (stop.aborted) return { shard, counts: new AccessCounts(), elapsedMs: 0 };
    const started = performance.now();
    options.onStarted?.(started);
    await windowEnd(client, shard, windowMs, stop);
    stopped = true;
    return { shard, counts, elapsedMs: performance.now() - started };
  } finally {
    stopped = true;
    client.destroy();
  }
}
