import { ErrorReply, RESP_TYPES, type RedisArgument } from 'redis';
import {
  CONNECT_TIMEOUT_MS,
  connectStandalone,
  describeRedisError,
  destroyQuietly,
  type RedisClient,
  type RedisEndpoint,
} from '../redis-connection';

/** A command that hangs fails the scan instead of holding it forever. */
export const COMMAND_TIMEOUT_MS = 10_000;

/** Replies keep bulk strings as bytes: key names are binary and must be sent back exactly. */
const BYTES = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

/** A failure of one shard (a cluster master, or the standalone server), reported under its name. */
export class ShardError extends Error {
  constructor(
    readonly shard: string,
    readonly reason: string,
  ) {
    super(`shard ${shard}: ${reason}`);
    this.name = 'ShardError';
  }
}

/**
 * One dedicated connection to one server. Commands are written with `send` (node-redis pipelines every
 * command sent in the same tick) and awaited with `wait`, which bounds the wait: node-redis has no
 * per-command timeout that survives a written command, so a late reply would desynchronise the
 * connection; the connection is destroyed instead, which also fails every other pending command.
 */
export class ShardConnection {
  #failure: ShardError | undefined;
  /** Stops listening to the signal the connection was opened under. */
  #unbind: () => void = () => undefined;

  private constructor(
    readonly shard: string,
    private readonly client: RedisClient,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects within the connection deadline (or the command timeout, if shorter). Once `signal` aborts, the
   * connect gives up and the connection's commands fail with `cancelled`, at once: a cancelled analysis does
   * not wait for a server that accepted the connection and never answers.
   */
  static async open(
    endpoint: RedisEndpoint,
    url: string,
    shard: string,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<ShardConnection> {
    const { timeoutMs = COMMAND_TIMEOUT_MS, signal } = options;
    try {
      const client = await connectStandalone(endpoint, url, {
        timeoutMs: Math.min(CONNECT_TIMEOUT_MS, timeoutMs),
        signal,
      });
      const connection = new ShardConnection(shard, client, timeoutMs);
      if (signal) {
        const onAbort = () => connection.fail('cancelled');
        signal.addEventListener('abort', onAbort, { once: true });
        connection.#unbind = () => signal.removeEventListener('abort', onAbort);
        // Aborted as the connect ended: the connection is returned failed, its first command says so.
        if (signal.aborted) onAbort();
      }
      return connection;
    } catch (error) {
      if (signal?.aborted) throw new ShardError(shard, 'cancelled');
      throw new ShardError(shard, `cannot connect: ${describeRedisError(error)}`);
    }
  }

  /** Queues a command; its reply must be awaited through `wait`. */
  send<T = unknown>(args: RedisArgument[]): Promise<T> {
    const reply = this.client.sendCommand<T>(args, { typeMapping: BYTES });
    // A reply nobody awaits any more (the scan already failed) must not become an unhandled rejection.
    reply.catch(() => undefined);
    return reply;
  }

  /**
   * The reply, or: a server error reply as an `ErrorReply` (the caller decides what it means), any
   * other failure as a `ShardError`.
   */
  async wait<T>(reply: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.fail(`no reply within ${this.timeoutMs / 1000} s`);
        reject(this.#failure);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([reply, timeout]);
    } catch (error) {
      if (error instanceof ErrorReply) throw error;
      throw this.#failure ?? new ShardError(this.shard, `connection lost (${describeRedisError(error)})`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Destroys the connection; pending and later commands fail with `reason`. */
  fail(reason: string): void {
    this.#failure ??= new ShardError(this.shard, reason);
    this.close();
  }

  close(): void {
    this.#unbind();
    destroyQuietly(this.client);
  }
}
