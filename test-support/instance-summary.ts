import type { InstanceSummary } from '../src/contract/instance-summary';

/** A self-managed standalone instance that can run both methods, as the SPA's component tests receive it. */
export const redisInstanceSummary = (fields: Partial<InstanceSummary> = {}): InstanceSummary => ({
  id: 'cache-1',
  name: 'Cache one',
  source: { id: 'local', kind: 'redis', name: 'local' },
  engine_version: '7.0.15',
  mode: 'standalone',
  shard_count: 1,
  status: 'RUNNING',
  eligibility: { ok: true, reason: null },
  sampling: { ok: true, reason: null },
  lfu: { log_factor: 10, decay_time: 1, known: true },
  ...fields,
});
