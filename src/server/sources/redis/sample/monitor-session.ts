import { randomUUID } from 'node:crypto';
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
import { argBytes, argCount, parseMonitorLine } from './monitor-line';
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
  /** Sends `ECHO token` to the server from another connection: a mark in the stream MONITOR copies. */
  mark(token: string): Promise<unknown>;
}

/** A slice's marks: its token, its start by the server's clock once seen, and what the end mark's arrival calls. */
interface SliceMarks {
  token: string;
  startMs: number | undefined;
  ended: (lineMs: number) => void;
}

/** How long a slice's end waits for its mark to come through MONITOR before it is timed by the BFF's clock. */
const MARK_WAIT_MS = 2000;

/** The server's clock in a MONITOR line (`1700000000.123456 [...`), in ms. */
const lineTimeMs = (raw: Buffer): number => Number(raw.toString('latin1', 0, raw.indexOf(SPACE_BYTE))) * 1000;
const SPACE_BYTE = 0x20;

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
 * system applies for us if the BFF dies). Every command line of a slice is counted, per key and command.
 * A slice is bounded by two marks, `ECHO`s sent from another connection: it counts the lines between them
 * and lasts from one to the other by the server's clock, as the lines themselves say. Timed by the BFF's
 * clock, a slice would end while the lines of its last milliseconds were still travelling or waiting to be
 * read (on a busy server, a backlog of several milliseconds), and short slices would undercount by that
 * much. Where a mark cannot be sent (ECHO denied), the slice runs from MONITOR's reply to its end by the
 * BFF's clock.
 */
export class MonitorSession {
  #client: RedisClient | undefined;
  #stopCounting = (): void => undefined;
  #since = 0;
  #slice: SliceMarks | undefined;
  readonly #tokenBase = `hotkeys-slice-${randomUUID()}`;
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
    const token = `${this.#tokenBase}-${this.slices}`;
    // Until the start mark comes through, lines are not the slice's; without marks, they are from the start.
    let counting = false;
    const slice: SliceMarks = { token, startMs: undefined, ended: () => undefined };
    const onLine = (reply: Buffer): void => {
      const line = parseMonitorLine(reply);
      if (line && argCount(line) === 2 && argBytes(line, 1).toString('latin1') === token) {
        if (slice.startMs === undefined) {
          slice.startMs = lineTimeMs(reply);
          counting = true;
        } else {
          counting = false;
          slice.ended(lineTimeMs(reply));
        }
        return;
      }
      if (!counting) return;
      intake.take(reply.length + FRAME_BYTES);
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
    try {
      await this.options.mark(token);
      this.#slice = slice;
    } catch {
      counting = true;
    }
    this.#lost = new Promise<never>((_, reject) => {
      client.once('end', () => {
        if (this.#client === client) reject(new ShardError(shard, 'connection lost during sampling'));
      });
    });
    this.#lost.catch(() => undefined);
  }

  /**
   * Ends the current slice at its end mark (or, should the mark not come through in time, now), then
   * destroys its connection, which ends MONITOR on the server.
   */
  async off(): Promise<void> {
    const slice = this.#slice;
    const startMs = slice?.startMs;
    if (this.#client && slice && startMs !== undefined) {
      const endMs = await new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), MARK_WAIT_MS);
        slice.ended = (lineMs) => {
          clearTimeout(timer);
          resolve(lineMs);
        };
        this.options.mark(slice.token).catch(() => resolve(undefined));
        this.#lost.catch(() => resolve(undefined));
      });
      if (endMs !== undefined && this.#client) {
        this.#end(Math.max(0, endMs - startMs));
        return;
      }
    }
    this.#end(performance.now() - this.#since);
  }

  /** Ends the current slice at once (cleanup): it counts as timed by the BFF's clock. */
  close(): void {
    this.#end(performance.now() - this.#since);
  }

  #end(sampledMs: number): void {
    const client = this.#client;
    if (!client) return;
    this.#client = undefined;
    this.#slice = undefined;
    this.#stopCounting();
    this.sampledMs += sampledMs;
    this.#lost = new Promise(() => undefined);
    destroyQuietly(client);
  }
}
