import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase, StoreError } from './sqlite-database';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';
import { TaskStore } from './task-store';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotkeys-db-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('brings a file of the first release (no schema version) up to date and keeps its records', async () => {
    const dir = tempDir();
    const old = new Database(join(dir, DATABASE_FILE));
    old.exec(SQLITE_MIGRATIONS[0]!);
    old
      .prepare(
        `INSERT INTO tasks (id, instance_id, status, scan_type, created_at, num, keys_json)
         VALUES ('t1', 'i1', 'success', 'manual', '2026-11-01T00:00:00.000Z', 1, ?)`,
      )
      .run(JSON.stringify([{ name: 'k', type: 'string', db: 0, size: 1, unit: 'byte', freq: 9 }]));
    expect(old.pragma('user_version', { simple: true })).toBe(0);
    old.close();

    const db = openDatabase(dir);
    expect(db.handle.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    const task = await new TaskStore(db).get('i1', 't1');
    expect(task).toMatchObject({ status: 'success', lfu: null, keys: [{ name: 'k', freq: 9 }] });
    await db.close();
    // Opening again runs nothing twice.
    openDatabase(dir).close();
  });

  it('refuses a file written by a newer BFF and leaves it as it was', () => {
    const dir = tempDir();
    const newer = new Database(join(dir, DATABASE_FILE));
    newer.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    newer.close();
    const before = readFileSync(join(dir, DATABASE_FILE));
    expect(() => openDatabase(dir)).toThrow(StoreError);
    expect(() => openDatabase(dir)).toThrow(/newer BFF/);
    expect(readFileSync(join(dir, DATABASE_FILE)).equals(before)).toBe(true);
  });
});
