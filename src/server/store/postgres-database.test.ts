import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../../../test-support/postgres-server';
import { bffStartUpFailure } from '../../../test-support/spawn-bff';
import { answerError } from '../http/answer-error';
import type { AppEnv } from '../http/app-env';
import { SourceRegistry } from '../sources/source-registry';
import { InMemorySource } from '../../../test-support/in-memory-source';
import { StoreError } from './database';
import { openPostgres } from './postgres-database';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { PROBE_AFTER_MS, StoreHealth } from './store-health';
import { TaskStore } from './task-store';

let server: PostgresServer;

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const query = async <T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> => {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
};

describe('the PostgreSQL store', () => {
  it('migrates an empty database once, however many replicas open it at the same time', async () => {
    const url = await server.createDatabase();
    const opened = await Promise.all(Array.from({ length: 4 }, () => openPostgres(url)));
    await Promise.all(opened.map((db) => db.close()));
    expect(await query(url, 'SELECT version FROM schema_version')).toEqual([{ version: POSTGRES_MIGRATIONS.length }]);
  });

  it('refuses a database migrated by a newer BFF and leaves it as it was, naming no password', async () => {
    const url = await server.createDatabase();
    await (await openPostgres(url)).close();
    await query(url, `UPDATE schema_version SET version = ${POSTGRES_MIGRATIONS.length + 1}`);
    const withPassword = url.replace('postgres@', 'postgres:s3cret@');
    const refusal = await openPostgres(withPassword).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StoreError);
    expect(String(refusal)).toMatch(/written by a newer BFF/);
    expect(String(refusal)).not.toContain('s3cret');
    expect(await query(url, 'SELECT version FROM schema_version')).toEqual([
      { version: POSTGRES_MIGRATIONS.length + 1 },
    ]);
  });

  it('answers 503 naming the store while the database is down, and health says degraded', async () => {
    const own = await startPostgres();
    const db = await openPostgres(await own.createDatabase());
    let clock = 0;
    const health = new StoreHealth(
      () => db.probeWrite(),
      () => clock,
    );
    const store = new TaskStore(db, health);
    try {
      expect(await health.state()).toBe('ok');
      await own.stop();
      // Nobody wrote since: once its last write is PROBE_AFTER_MS old, health finds the database gone by a probe.
      clock += PROBE_AFTER_MS;
      expect(await health.state()).toBe('degraded: cannot reach the database');
      // A source whose listing reads the store: the list is the store's 503, and health names no source down.
      const reading = new (class extends InMemorySource {
        override async listInstances() {
          await store.list('i1', { offset: 0, limit: 1 });
          return super.listInstances();
        }
      })({ id: 'local', instances: ['i1'] });
      const registry = new SourceRegistry([reading]);
      expect(await registry.health()).toEqual([{ id: 'local', kind: 'redis', reachable: null }]);
      const listing = new Hono<AppEnv>();
      listing.get('/instances', async (c) => c.json(await registry.listInstances()));
      listing.onError(answerError);
      const list = await listing.request('/instances');
      expect(list.status).toBe(503);
      expect(await list.text()).not.toContain('ECONNREFUSED');
      const refusal = await store
        .insert({ id: 't1', instance_id: 'i1', status: 'success', scan_type: 'manual', created_at: 'now' })
        .catch((error: unknown) => error);
      expect(refusal).toMatchObject({ status: 503, message: 'store unavailable: cannot reach the database' });
      expect(await health.state()).toBe('degraded: cannot reach the database');
      // A read does not pass through the write path's health, and is still answered 503 naming the store.
      const app = new Hono<AppEnv>();
      app.get('/tasks', async (c) => c.json(await store.list('i1', { offset: 0, limit: 10 })));
      app.onError(answerError);
      const read = await app.request('/tasks');
      expect(read.status).toBe(503);
      expect(await read.json()).toMatchObject({ error_msg: 'store unavailable: cannot reach the database' });
    } finally {
      await db.close().catch(() => undefined);
      // A second stop (after the one above) only fails to end its admin pool again.
      await own.stop().catch(() => undefined);
    }
  });

  it('stops the BFF at start-up when the URL variable is missing, naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotkeys-pg-config-'));
    try {
      const result = await bffStartUpFailure({
        dir,
        config: { store: { kind: 'postgres', urlEnv: 'HOTKEYS_PG_URL_MISSING' }, sources: [] },
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/HOTKEYS_PG_URL_MISSING must hold the PostgreSQL connection URL/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
