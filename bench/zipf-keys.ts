import type { DrivenKey } from '../src/server/sources/redis/sample/rate-driver';

/** Rate of the key ranked `i` (from 0): 1 / (i + 1), scaled so that all add up to `total`. */
export function zipfKeys(total: number, count: number): DrivenKey[] {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w, i) => ({
    key: `bench:key:${i}`,
    perSecond: (total * w) / sum,
    command: i % 10 === 9 ? 'SET' : 'GET',
  }));
}
