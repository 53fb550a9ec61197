import type { Config } from '../config/config-schema';
import type { TaskStore } from '../store/task-store';
import type { InstanceSource } from './instance-source';
import { RedisSource } from './redis/redis-source';

export interface SourceDeps {
  store: TaskStore;
  env?: NodeJS.ProcessEnv;
}

export function createSources(config: Config, deps: SourceDeps): InstanceSource[] {
  return config.sources.map((source) => {
    switch (source.kind) {
      case 'redis':
        return new RedisSource(source, { store: deps.store, defaultTopN: config.topN, env: deps.env });
      case 'dcs':
        throw new Error(`source ${source.id}: DCS sources are not wired yet`);
    }
  });
}
