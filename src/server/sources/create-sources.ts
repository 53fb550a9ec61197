import type { Config } from '../config/config-schema';
import type { TaskStore } from '../store/task-store';
import { createDcsSource } from './dcs/dcs-source';
import type { InstanceSource } from './instance-source';
import { RedisSource, type RedisSourceDeps } from './redis/redis-source';

export interface SourceDeps {
  store: TaskStore;
  /** This replica, owner of the analyses it runs; one process alone may leave it out. */
  owner?: string;
  env?: NodeJS.ProcessEnv;
  /** The BFF's own schedules, and who hears of finished analyses (alerts): for every redis source. */
  autoscan?: RedisSourceDeps['autoscan'];
  onTaskStarted?: RedisSourceDeps['onTaskStarted'];
  onTaskFinished?: RedisSourceDeps['onTaskFinished'];
  /** The time analyses are stamped with (the BFF's clock, which tests step). */
  now?: () => Date;
}

export function createSources(config: Config, deps: SourceDeps): InstanceSource[] {
  return config.sources.map((source) => {
    switch (source.kind) {
      case 'redis':
        return new RedisSource(source, {
          store: deps.store,
          owner: deps.owner ?? 'local',
          defaultTopN: config.topN,
          env: deps.env,
          autoscan: deps.autoscan,
          onTaskStarted: deps.onTaskStarted,
          onTaskFinished: deps.onTaskFinished,
          now: deps.now,
        });
      case 'dcs':
        return createDcsSource(source, {
          store: deps.store,
          env: deps.env,
          onTaskStarted: deps.onTaskStarted,
          onTaskFinished: deps.onTaskFinished,
        });
    }
  });
}
