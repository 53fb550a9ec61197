import type { ShardConnection } from '../scan/shard-connection';

/** What CLIENT LIST says of one connection: its CLIENT SETNAME name and (Redis 7.2+) its library. */
export interface ClientInfo {
  name: string | null;
  /** `lib-name lib-ver`, as CLIENT SETINFO set them; null where unset or the server is older than 7.2. */
  lib: string | null;
}

const field = (line: string, name: string): string | null => {
  const value = new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1];
  return value ? value : null;
};

/**
 * CLIENT LIST's reply, one `key=value ...` line per connection, by `addr` (the address MONITOR names it by:
 * `ip:port`, or `/path:0` for a unix socket, read as `unix:/path`). A name is one word: Redis refuses spaces.
 */
export function parseClientList(reply: string): Map<string, ClientInfo> {
  const clients = new Map<string, ClientInfo>();
  for (const line of reply.split('\n')) {
    const addr = field(line.trim(), 'addr');
    if (!addr) continue;
    const libName = field(line, 'lib-name');
    const libVer = field(line, 'lib-ver');
    const lib = libName ? [libName, libVer].filter(Boolean).join(' ') : null;
    clients.set(addr.startsWith('/') ? `unix:${addr.replace(/:0$/, '')}` : addr, { name: field(line, 'name'), lib });
  }
  return clients;
}

/** CLIENT LIST of one server; nothing (and no failure) where the user may not run it: names are a help. */
export async function readClientList(connection: ShardConnection): Promise<Map<string, ClientInfo>> {
  try {
    return parseClientList(String(await connection.wait(connection.send(['CLIENT', 'LIST']))));
  } catch {
    return new Map();
  }
}

/**
 * The two readings of a window merged: the end's where it names the client (a name set during the window),
 * else the start's (a client that left before the end keeps what it had).
 */
export function mergeClientLists(
  start: Map<string, ClientInfo>,
  end: Map<string, ClientInfo>,
): Map<string, ClientInfo> {
  const merged = new Map(start);
  for (const [addr, info] of end) {
    const before = start.get(addr);
    merged.set(addr, { name: info.name ?? before?.name ?? null, lib: info.lib ?? before?.lib ?? null });
  }
  return merged;
}
