import { type KeyRecord, OTHER_CLIENTS } from './hotkey-task';

/**
 * What to change about a hot key, from what a sampling measured: each rule fires on measured figures only, and
 * states them as its evidence, so the advice can be checked against the result it came from. A key without a
 * sample (an LFU analysis) or from a version that did not record a figure gets no advice from the rules that
 * need it. One pure module, read by the SPA and by the tests that drive real servers.
 */

export type AdviceRule = 'client-cache' | 'read-parts' | 'split-writes' | 'spread-hash-tag' | 'check-client';

export interface Advice {
  rule: AdviceRule;
  advice: string;
  /** The measured figures the rule fired on. */
  evidence: string;
}

/** Accesses per second from which a key counts as hot: past the LFU ceiling (about 42/s), clear of a short window's noise. */
export const HOT_PER_SECOND = 100;
/** Share of reads from which a key is read-dominated. */
export const READ_DOMINATED = 0.9;
/** Distinct clients from which a key is "read by many". */
export const MANY_CLIENTS = 3;
/** Fields up to which a hash is small: Redis's own `hash-max-listpack-entries` default. */
export const SMALL_HASH_FIELDS = 128;
/** Elements from which a collection is large enough that reading it whole costs. */
export const LARGE_COLLECTION = 1000;
/** Whole-collection reads per second from which they are worth changing. */
export const WHOLE_READS_PER_SECOND = 10;
/** Share of writes from which a key is write-dominated. */
export const WRITE_DOMINATED = 0.5;
/** Share of a key's accesses from which one client "produces most of the traffic". */
export const ONE_CLIENT = 0.5;

const number = (n: number): string => Math.round(n).toLocaleString('en-US');
const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;
const rate = (n: number): string => `${number(n)}/s`;

/** `{user:42}` in `cart:{user:42}`: the part Redis Cluster hashes (the first `{...}` with something inside). */
export function hashTagOf(name: string): string | null {
  const open = name.indexOf('{');
  if (open < 0) return null;
  const close = name.indexOf('}', open + 1);
  return close > open + 1 ? name.slice(open + 1, close) : null;
}

const sizeInWords = (key: KeyRecord): string =>
  key.unit === 'byte' ? `${number(key.size)} B` : `${number(key.size)} ${key.type === 'hash' ? 'fields' : 'elements'}`;

const commandsInWords = (commands: Record<string, number>): string =>
  Object.entries(commands)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([command, count]) => `${command} ${number(count)}`)
    .join(', ');

/** Clients the sample saw, the `others` row counted for as many as it holds. */
const clientCount = (sample: NonNullable<KeyRecord['sample']>): number =>
  (sample.clients ?? []).reduce((sum, row) => sum + (row.addr === OTHER_CLIENTS ? (row.clients ?? 1) : 1), 0);

type Rule = (key: KeyRecord, sample: NonNullable<KeyRecord['sample']>, keys: readonly KeyRecord[]) => Advice | null;

const clientCache: Rule = (key, sample) => {
  if (sample.writes === undefined || sample.count === 0) return null;
  const reads = 1 - sample.writes / sample.count;
  const small = key.type === 'string' || (key.type === 'hash' && key.size <= SMALL_HASH_FIELDS);
  const clients = clientCount(sample);
  if (!small || reads < READ_DOMINATED || clients < MANY_CLIENTS) return null;
  return {
    rule: 'client-cache',
    advice:
      'Cache it in the clients: client-side caching (CLIENT TRACKING, invalidated by the server on a write) or a local cache with a short TTL.',
    evidence: `${rate(sample.per_second)}, ${percent(reads)} reads, from ${clients} clients; a ${key.type} of ${sizeInWords(key)}`,
  };
};

const readParts: Rule = (key, sample) => {
  if (sample.whole_reads === undefined || sample.count === 0 || key.unit !== 'count') return null;
  const wholePerSecond = (sample.per_second * sample.whole_reads) / sample.count;
  if (key.size < LARGE_COLLECTION || wholePerSecond < WHOLE_READS_PER_SECOND) return null;
  const bytes =
    sample.bytes_per_second === undefined ? '' : `, about ${number(sample.bytes_per_second)} B/s served (estimate)`;
  return {
    rule: 'read-parts',
    advice:
      'Read the fields or a page instead of the whole collection: HMGET or HSCAN, LRANGE or ZRANGE with a bound, SSCAN.',
    evidence: `${rate(wholePerSecond)} whole-collection reads of a ${key.type} of ${sizeInWords(key)} (${commandsInWords(sample.commands)})${bytes}`,
  };
};

const splitWrites: Rule = (_key, sample) => {
  if (sample.writes === undefined || sample.count === 0) return null;
  const writes = sample.writes / sample.count;
  if (writes < WRITE_DOMINATED) return null;
  return {
    rule: 'split-writes',
    advice:
      'Split it across N suffixed keys (name:0 … name:N-1): write one of them at random, read all of them and combine. On a cluster the suffixes land on different masters unless a hash tag binds them.',
    evidence: `${rate(sample.per_second)}, ${percent(writes)} writes (${commandsInWords(sample.commands)})`,
  };
};

const spreadHashTag: Rule = (key, _sample, keys) => {
  const tag = hashTagOf(key.name);
  if (!key.shard || tag === null) return null;
  const together = keys.filter(
    (other) =>
      other.shard === key.shard && hashTagOf(other.name) === tag && (other.sample?.per_second ?? 0) >= HOT_PER_SECOND,
  );
  if (together.length < 2) return null;
  const sum = together.reduce((total, other) => total + (other.sample?.per_second ?? 0), 0);
  return {
    rule: 'spread-hash-tag',
    advice:
      'Spread the hash tag: keys with one tag share a slot, so one master serves them all. Drop the tag, or vary it, where these keys need not be in one slot.',
    evidence: `${together.length} hot keys with the tag {${tag}} on ${key.shard}: ${rate(sum)} together`,
  };
};

const checkClient: Rule = (_key, sample) => {
  const top = sample.clients?.[0];
  if (!top || top.addr === OTHER_CLIENTS || top.share <= ONE_CLIENT) return null;
  const who = top.name ? `${top.name} (${top.addr})` : `${top.addr} (no name set)`;
  return {
    rule: 'check-client',
    advice: `Look at ${top.name ?? top.addr} first: one client produces most of this key's traffic.`,
    evidence: `${who} sent ${percent(top.share)} of the accesses, ${rate(top.per_second)} of ${rate(sample.per_second)}`,
  };
};

const RULES: Rule[] = [clientCache, readParts, splitWrites, spreadHashTag, checkClient];

/** The advice for one key of a sampling result (`keys`: all the result's keys), none for a key below HOT_PER_SECOND. */
export function adviseKey(key: KeyRecord, keys: readonly KeyRecord[]): Advice[] {
  const sample = key.sample;
  if (!sample || sample.per_second < HOT_PER_SECOND) return [];
  return RULES.map((rule) => rule(key, sample, keys)).filter((advice) => advice !== null);
}
