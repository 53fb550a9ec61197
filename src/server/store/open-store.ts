import type { StoreConfig } from '../config/config-schema';
import { type Database, StoreError } from './database';
import { openPostgres } from './postgres-database';
import { openDatabase } from './sqlite-database';

/** The configured store, open and migrated: the SQLite file under the data directory, or PostgreSQL. */
export async function openStore(config: StoreConfig, dataDir: string, env: NodeJS.ProcessEnv): Promise<Database> {
  if (config.kind === 'sqlite') return openDatabase(dataDir);
  const url = env[config.urlEnv];
  if (!url) {
    throw new StoreError(`store: environment variable ${config.urlEnv} must hold the PostgreSQL connection URL`);
  }
  return openPostgres(url);
}
