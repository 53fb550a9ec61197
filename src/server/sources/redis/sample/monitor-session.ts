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
  mark(token: Buffer): Promise<unknown>;
}

/**
 * One slice's marks. `marked`: its start mark was sent (marks are in use); `startMs` and `endMs`: the server's
 * clock at the start and end marks, once seen; `lastLine`: the last line counted, whose clock ends a slice
 * that cannot wait for its end mark.
 */
interface Slice {
  token: Buffer;
  marked: boolean;
  counting: boolean;
  startMs?: number;
  lastLine?: Buffer;
  endMs?: number;
  onEnd: () => void;
}

/** How long a slice's end waits for its mark to come through MONITOR; past that it ends at its last line. */
const MARK_WAIT_MS = 2000;
const SPACE_BYTE = 0x20;

/** The server's clock in a MONITOR line (`1700000000.123456 [...`), in ms; undefined if unreadable. */
function lineTimeMs(raw: Buffer): number | undefined {
  const ms = Number(raw.toString('latin1', 0, raw.indexOf(SPACE_BYTE))) * 1000;
  return Number.isFinite(ms) ? ms : undefined;
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
 * system applies for us if the BFF dies). Every command line of a slice is counted, per key and command.
 * A slice is bounded by two marks, `ECHO`s sent from another connection: it counts the lines between them
 * and lasts from one to the other by the server's clock, as the lines themselves say. Timed by the BFF's
 * clock, a slice would end while the lines of its last milliseconds were still travelling or waiting to be
 * read (on a busy server, a backlog of several milliseconds), and short slices would undercount by that
 * much. A slice that has to end before its end mark is read (a stop, the byte limit, a mark that does not
 * come) ends at the last line it counted. Where ECHO is denied, which is asked once a session, slices count
 * from MONITOR's reply and are timed by the BFF's clock.
 */
export class MonitorSession {
  #client: RedisClient | undefined;
  #slice: Slice | undefined;
  #since = 0;
  #marks: 'unknown' | 'denied' | 'used' = 'unknown';
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
    const { endpoint, url, shard } = this.options;
    let client: RedisClient;
    try {
      client = await connectStandalone(endpoint, url, { signal: stop });
    } catch (error) {
      // Stopped while connecting: as if stopped before, no slice.
      if (stop.aborted) return;
      throw new ShardError(shard, `cannot connect: ${describeRedisError(error)}`);
    }
    const slice: Slice = {
      token: Buffer.from(`${this.#tokenBase}-${this.slices}`, 'latin1'),
      marked: false,
      // Without marks a slice counts from MONITOR's reply; with them, from its start mark.
      counting: this.#marks === 'denied',
      onEnd: () => undefined,
    };
    let unanswered = false;
    const guard = setTimeout(() => {
      unanswered = true;
      destroyQuietly(client);
    }, COMMAND_TIMEOUT_MS);
    try {
      await client
        .withTypeMapping({ [RESP_TYPES.SIMPLE_STRING]: Buffer })
        .monitor((reply: Buffer) => this.#onLine(slice, reply));
    } catch (error) {
      destroyQuietly(client);
      if (unanswered) throw new ShardError(shard, `no reply to MONITOR within ${COMMAND_TIMEOUT_MS / 1000} s`);
      throw new ShardError(shard, stop.aborted ? 'stopped' : explainMonitorError(error, endpoint));
    } finally {
      clearTimeout(guard);
    }
    // Stopped while this slice was starting: it counts for nothing.
    if (stop.aborted) {
      slice.counting = false;
      destroyQuietly(client);
      return;
    }
    this.#client = client;
    this.#slice = slice;
    this.#since = performance.now();
    this.slices++;
    this.#lost = new Promise<never>((_, reject) => {
      client.once('end', () => {
        if (this.#client === client) reject(new ShardError(shard, 'connection lost during sampling'));
      });
    });
    this.#lost.catch(() => undefined);
    if (this.#marks === 'denied') return;
    try {
      await this.options.mark(slice.token);
      this.#marks = 'used';
      slice.marked = true;
    } catch (error) {
      // Denied (an ErrorReply): no slice of this session will have marks. Anything else: this slice has none.
      if (error instanceof ErrorReply) this.#marks = 'denied';
      if (this.#slice === slice) {
        slice.counting = true;
        this.#since = performance.now();
      }
    }
  }

  #onLine(slice: Slice, reply: Buffer): void {
    const line = parseMonitorLine(reply);
    if (line && argCount(line) === 2 && slice.token.equals(argBytes(line, 1))) {
      if (slice.startMs === undefined) {
        slice.startMs = lineTimeMs(reply);
        slice.counting = slice.startMs !== undefined;
      } else {
        slice.counting = false;
        slice.endMs = lineTimeMs(reply);
        slice.onEnd();
      }
      return;
    }
    if (!slice.counting) return;
    const { commandKeys, counts, intake } = this.options;
    intake.take(reply.length + FRAME_BYTES);
    slice.lastLine = reply;
    // A script's own commands would count its declared keys a second time.
    if (!line || line.client === 'lua') return;
    counts.lines++;
    const { command, keys, write } = commandKeys.keysOf(line);
    if (keys.length === 0) return;
    const reach = write ? 0 : replyReach(command, line);
    for (const index of keys) counts.record(line.db, argBytes(line, index), command, line.client, write, reach);
  }

  /**
   * Ends the current slice at its end mark, then destroys its connection, which ends MONITOR on the server.
   * Once `stop` has fired or the byte limit is reached, it does not wait for the mark.
   */
  async off(stop?: AbortSignal): Promise<void> {
    const slice = this.#slice;
    if (!this.#client || !slice) return;
    if (slice.marked && !stop?.aborted && !this.options.intake.exhausted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, MARK_WAIT_MS);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        slice.onEnd = done;
        this.options.mark(slice.token).catch(done);
        this.#lost.catch(done);
      });
    }
    this.close();
  }

  /** Ends the current slice now: at its end mark if one was read, else at the last line it counted. */
  close(): void {
    const client = this.#client;
    const slice = this.#slice;
    if (!client || !slice) return;
    this.#client = undefined;
    this.#slice = undefined;
    slice.counting = false;
    this.sampledMs += this.#sliceMs(slice);
    this.#lost = new Promise(() => undefined);
    destroyQuietly(client);
  }

  #sliceMs(slice: Slice): number {
    if (!slice.marked) return performance.now() - this.#since;
    if (slice.startMs === undefined) return 0;
    const endMs = slice.endMs ?? (slice.lastLine && lineTimeMs(slice.lastLine)) ?? slice.startMs;
    return Math.max(0, endMs - slice.startMs);
  }
}
