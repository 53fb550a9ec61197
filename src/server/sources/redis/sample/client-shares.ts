import { type ClientShare, OTHER_CLIENTS } from '../../../../contract/hotkey-task';
import type { ClientInfo } from './client-list';

/** Rows kept by name; the rest are summed into one `others` row. */
export const TOP_CLIENTS = 10;

/** One client's accesses as counted on one master, with the time MONITOR ran there. */
export interface ClientCount {
  addr: string;
  count: number;
  sampledSeconds: number;
  info: ClientInfo | undefined;
  /** The master, on a cluster's task-level table; null otherwise. */
  shard: string | null;
}

const rate = (count: number, seconds: number): number => Math.round((count / seconds) * 100) / 100;

/** Most accesses first (ties by address, so the table is one well-defined order), the top ten and `others`. */
export function clientShares(counts: ClientCount[]): ClientShare[] {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return [];
  const sorted = [...counts].sort((a, b) => b.count - a.count || a.addr.localeCompare(b.addr));
  const rows: ClientShare[] = sorted.slice(0, TOP_CLIENTS).map((c) => ({
    addr: c.addr,
    name: c.info?.name ?? null,
    lib: c.info?.lib ?? null,
    count: c.count,
    per_second: rate(c.count, c.sampledSeconds),
    share: c.count / total,
    ...(c.shard === null ? {} : { shard: c.shard }),
  }));
  const rest = sorted.slice(TOP_CLIENTS);
  if (rest.length > 0) {
    const count = rest.reduce((sum, c) => sum + c.count, 0);
    rows.push({
      addr: OTHER_CLIENTS,
      name: null,
      lib: null,
      count,
      per_second: Math.round(rest.reduce((sum, c) => sum + c.count / c.sampledSeconds, 0) * 100) / 100,
      share: count / total,
      clients: rest.length,
    });
  }
  return rows;
}
