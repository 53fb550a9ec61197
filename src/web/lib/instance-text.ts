import type { InstanceSummary } from '../../contract/instance-summary';

const ENGINE_NAMES: Record<string, string> = { redis: 'Redis', valkey: 'Valkey', memcached: 'Memcached' };

/** "Redis 7.0.15", "Valkey 8.0.1": the engine by its own name and version (a BFF that names none ran Redis). */
export function describeEngine(instance: Pick<InstanceSummary, 'engine' | 'engine_version'>): string {
  const engine = instance.engine ?? 'redis';
  const name = ENGINE_NAMES[engine] ?? engine.charAt(0).toUpperCase() + engine.slice(1);
  return instance.engine_version ? `${name} ${instance.engine_version}` : `${name}, version unknown`;
}

/** "DCS cloud · OTC eu-de production", "Redis · Orders cache". */
export const describeSource = (instance: Pick<InstanceSummary, 'source'>): string =>
  `${instance.source.kind === 'dcs' ? 'DCS cloud' : 'Redis'} · ${instance.source.name}`;
