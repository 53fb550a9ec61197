import { performance } from 'node:perf_hooks';
import { ErrorReply, RESP_TYPES } from 'redis';
import {
  connectStandalone,
  describeRedisError,
  destroyQuietly,
  type RedisClient,
  type RedisEndpoint,
} from '../redis-connection';
import { COMMAND_TIMEOUT_MS, ShardError } from '../scan/shard-connection';
import type { AccessCounts } from './access-counts';
import type { CommandKeys } from './command-keys';
import type { IntakeBudget } from './intake-budget';
import { argBytes, parseMonitorLine } from './monitor-line';
import { replyReach } from './reply-reach';

export interface MonitorSessionOptions {
  endpoint: RedisEndpoint;
  url: string;
  /** Names the server in failures. */
  shard: string;
  commandKeys: CommandKeys;
  /** Where every slice's accesses are counted. */
  counts: AccessCounts;
  intake: IntakeBudget;
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

/**
 * MONITOR on one server, switched on and off: each slice on a connection of its own, because closing the
 * connection is the one way to end MONITOR that every Redis version knows (and the one the operating
 * system applies for us if the BFF dies). Every command line of a slice is counted, per key and command;
 * lines still in the socket's buffer when a slice ends are not part of it, and the time on is summed.
 */
export class MonitorSession {
  #client: RedisClient | undefined;
  #stopCounting = (): void => undefined;
  #since = 0;
  #lost: Promise<never> = new Promise(() => undefined);
  /** Time MONITOR ran, summed over the slices ended so far. */
  sampledMs = 0;
  slices = 0;

  constructor(private readonly options: MonitorSessionOptions) {}

  get isOn(): boolean {
    return this.#client !== undefined;
  }

  /** Rejects when the connection of the current slice is lost (its MONITOR is then over). */
  get lost(): Promise<never> {
    return this.#lost;
  }

  /** Starts a slice, resolving once MONITOR is acknowledged; nothing when one runs already. */
  async on(stop: AbortSignal): Promise<void> {
    if (this.#client || stop.aborted) return;
    const { endpoint, url, shard, commandKeys, counts, intake } = this.options;
    let client: RedisClient;
    try {
      client = await connectStandalone(endpoint, url);
    } catch (error) {
      throw new ShardError(shard, `cannot connect: ${describeRedisError(error)}`);
    }
    let counting = true;
    const onLine = (reply: Buffer): void => {
      if (!counting) return;
      intake.take(reply.length + FRAME_BYTES);
      const line = parseMonitorLine(reply);
      // A script's own commands would count its declared keys a second time.
      if (!line || line.client === 'lua') return;
      counts.lines++;
      const { command, keys, write } = commandKeys.keysOf(line);
      if (keys.length === 0) return;
      const reach = write ? 0 : replyReach(command, line);
      for (const index of keys) counts.record(line.db, argBytes(line, index), command, line.client, write, reach);
    };
    let unanswered = false;
    const guard = setTimeout(() => {
      unanswered = true;
      destroyQuietly(client);
    }, COMMAND_TIMEOUT_MS);
    try {
      await client.withTypeMapping({ [RESP_TYPES.SIMPLE_STRING]: Buffer }).monitor(onLine);
    } catch (error) {
      destroyQuietly(client);
      if (unanswered) throw new ShardError(shard, `no reply to MONITOR within ${COMMAND_TIMEOUT_MS / 1000} s`);
      throw new ShardError(shard, stop.aborted ? 'stopped' : explainMonitorError(error, endpoint));
    } finally {
      clearTimeout(guard);
    }
    // Stopped while this slice was starting: it counts for nothing.
    if (stop.aborted) {
      counting = false;
      destroyQuietly(client);
      return;
    }
    this.#client = client;
    this.#stopCounting = () => (counting = false);
    this.#since = performance.now();
    this.slices++;
    this.#lost = new Promise<never>((_, reject) => {
      client.once('end', () => {
        if (this.#client === client) reject(new ShardError(shard, 'connection lost during sampling'));
      });
    });
    this.#lost.catch(() => undefined);
  }

  /** Ends the current slice: its connection is destroyed, which ends MONITOR on the server. */
  off(): void {
    const client = this.#client;
    if (!client) return;
    this.#client = undefined;
    this.#stopCounting();
    this.sampledMs += performance.now() - this.#since;
    this.#lost = new Promise(() => undefined);
    destroyQuietly(client);
  }
}
