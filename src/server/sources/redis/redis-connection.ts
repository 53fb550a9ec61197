import { createClient, type RedisClientOptions } from 'redis';
import type { RedisSourceConfig } from '../../config/config-schema';

/** Commands must not hang an analysis or a request forever. */
export const CONNECT_TIMEOUT_MS = 5_000;

export type RedisClient = ReturnType<typeof createClient>;

/** Where and how to reach one redis source; secrets resolved from the environment at start-up. */
export interface RedisEndpoint {
  mode: 'standalone' | 'cluster';
  urls: string[];
  username?: string;
  password?: string;
  tls: boolean;
}

export function resolveEndpoint(source: RedisSourceConfig, env: NodeJS.ProcessEnv = process.env): RedisEndpoint {
  const password = source.passwordEnv !== undefined ? env[source.passwordEnv] : source.password;
  if (source.passwordEnv !== undefined && password === undefined) {
    throw new Error(`source ${source.id}: environment variable ${source.passwordEnv} (passwordEnv) is not set`);
  }
  const urls = source.nodes ?? (source.url ? [source.url] : []);
  return {
    mode: source.nodes ? 'cluster' : 'standalone',
    urls,
    ...(source.username !== undefined ? { username: source.username } : {}),
    ...(password !== undefined ? { password } : {}),
    tls: source.tls ?? urls.some((u) => u.startsWith('rediss:')),
  };
}

/**
 * Options every connection to a source gets. No automatic reconnect: a request or an analysis fails fast
 * with a clear reason, and the next one connects afresh.
 */
function clientOptions(endpoint: RedisEndpoint, url: string): RedisClientOptions {
  const parsed = new URL(url);
  return {
    socket: {
      host: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: Number(parsed.port || 6379),
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: false,
      ...(endpoint.tls ? { tls: true as const } : {}),
    },
    // credentials in the URL are honoured, the explicit ones win
    username: endpoint.username ?? (decodeURIComponent(parsed.username) || undefined),
    password: endpoint.password ?? (decodeURIComponent(parsed.password) || undefined),
  };
}

/** How long and until what a connection may take to be ready. */
export interface ConnectLimits {
  /** The whole of it: TCP, TLS and the handshake node-redis sends (CLIENT SETINFO, AUTH, SELECT). */
  timeoutMs?: number;
  /** Gives up at once, with `cancelled`. */
  signal?: AbortSignal;
}

/**
 * A connected standalone client; errors are reported through promises, never as an unhandled event. The
 * socket's own timeout ends with the TCP connection, and a server that accepts it and never answers (stopped,
 * or a port that is not Redis) would keep the handshake, and whatever analysis waits on it, pending forever:
 * at the deadline or on abort this gives up at once, and the client is closed. Until TCP is up, node-redis
 * holds no socket that `destroy` could close (it would only mark the client closed, and a late connection
 * would then stay open): such a client is destroyed once its socket connects, or ends at node-redis's own
 * connect timeout.
 */
export async function connectStandalone(
  endpoint: RedisEndpoint,
  url = endpoint.urls[0],
  limits: ConnectLimits = {},
): Promise<RedisClient> {
  if (!url) throw new Error('no url');
  const { timeoutMs = CONNECT_TIMEOUT_MS, signal } = limits;
  if (signal?.aborted) throw new Error('cancelled');
  const client = createClient(clientOptions(endpoint, url));
  client.on('error', () => undefined);
  let socketUp = false;
  let gaveUp: string | undefined;
  client.on('connect', () => {
    socketUp = true;
    if (gaveUp !== undefined) destroyQuietly(client);
  });
  let giveUp!: (reason: string) => void;
  const givenUp = new Promise<never>((_, reject) => {
    giveUp = (reason) => {
      if (gaveUp !== undefined) return;
      gaveUp = reason;
      if (socketUp) destroyQuietly(client);
      reject(new Error(reason));
    };
  });
  const timer = setTimeout(() => giveUp(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
  const onAbort = () => giveUp('cancelled');
  signal?.addEventListener('abort', onAbort, { once: true });
  const connecting = client.connect();
  // Given up on, the connect may still settle later; nobody awaits it then.
  connecting.catch(() => undefined);
  try {
    await Promise.race([connecting, givenUp]);
  } catch (error) {
    if (gaveUp === undefined) destroyQuietly(client);
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  // Given up on after the connect settled, before this resumed: the client is destroyed already.
  if (gaveUp !== undefined) throw new Error(gaveUp);
  return client;
}

/** Error text without the address details node-redis sometimes adds; never includes credentials. */
export const describeRedisError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Destroys a client unless it is already closed: a failed connect leaves it closed, and destroying a closed
 * client throws "The client is closed" in place of the reason (refused, WRONGPASS, timeout) worth reporting.
 */
export function destroyQuietly(client: { isOpen: boolean; destroy(): void }): void {
  if (client.isOpen) client.destroy();
}
