import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoscanConfigSchema, autoscanUpdateSchema } from './autoscan';
import { errorBodySchema } from './error-body';
import { taskListSchema, taskSchema } from './hotkey-task';

/** The documented DCS payloads, verbatim: the contract must accept every one of them. */
const EXAMPLES = join(import.meta.dirname, '../../test-support/dcs-api-examples');
const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && !f.startsWith('SDK-'));
const load = (file: string): unknown => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));

const schemaFor = (file: string) => {
  if (/\.response\.(4|5)\d\d\.json$/.test(file)) return errorBodySchema;
  if (/^(Create|Delete|Show)Hotkey(Scan)?Task(Details)?\.response\.200/.test(file)) return taskSchema;
  if (file.startsWith('ListHotKeyScanTasks.response.200')) return taskListSchema;
  if (/^(Show|Update)HotkeyAuto[sS]can(Config)?\.response\.200/.test(file)) return autoscanConfigSchema;
  if (file === 'UpdateHotkeyAutoScanConfig.request.json') return autoscanUpdateSchema;
  return undefined;
};

describe('documented DCS examples', () => {
  const covered = examples.filter((f) => schemaFor(f) !== undefined);

  it('covers every task, list, error and auto-scan example', () => {
    const hotkeyExamples = examples.filter((f) => /[Hh]otkey|HotKey|\.response\.4/.test(f));
    expect(covered.sort()).toEqual(hotkeyExamples.sort());
    expect(covered.length).toBe(14);
  });

  it.each(covered)('%s parses', (file) => {
    const result = schemaFor(file)!.safeParse(load(file));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('keeps the fields of a task with keys', () => {
    const task = taskSchema.parse(load('ShowHotkeyTaskDetails.response.200.json'));
    expect(task.status).toBe('success');
    expect(task.keys?.[0]).toEqual({
      name: 'dcs-hotkey-test',
      type: 'string',
      shard: '192.168.1.134:6379',
      db: 0,
      size: 3000,
      unit: 'byte',
      freq: 4,
    });
  });

  it('rejects a task with an unknown status or an out-of-range freq', () => {
    const task = load('ShowHotkeyTaskDetails.response.200.json') as Record<string, unknown>;
    expect(taskSchema.safeParse({ ...task, status: 'done' }).success).toBe(false);
    const keys = [{ name: 'k', type: 'string', db: 0, size: 1, unit: 'byte', freq: 256 }];
    expect(taskSchema.safeParse({ ...task, keys }).success).toBe(false);
  });

  it('accepts a key without freq: sampled on a server without an LFU policy', () => {
    const task = load('ShowHotkeyTaskDetails.response.200.json') as Record<string, unknown>;
    const keys = [{ name: 'k', type: 'string', db: 0, size: 1, unit: 'byte', freq: null }];
    expect(taskSchema.parse({ ...task, keys }).keys?.[0]?.freq).toBeNull();
  });
});
