import type { ContractInstance } from './contract-instances';
import { analyseKeys, type HotKey } from './hot-keys';
import { seededUuid } from './random-draws';

/** DCS keeps at most this many analysis records per instance, the oldest going first. */
export const MAX_RECORDS = 100;

export interface TaskTiming {
  waitingMs: number;
  runningMs: number;
}

interface StoredTask {
  id: string;
  instanceId: string;
  createdAt: number;
  keys: HotKey[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The analysis records of every instance. A task walks waiting -> running -> success on the server's
 * clock, so a test that controls the clock controls the walk.
 */
export class TaskRecords {
  private readonly byInstance = new Map<string, StoredTask[]>();

  constructor(
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly timing: TaskTiming,
  ) {}

  create(instance: ContractInstance): Record<string, unknown> {
    const task: StoredTask = {
      id: seededUuid(this.random),
      instanceId: instance.id,
      createdAt: this.now(),
      keys: analyseKeys(instance, this.random),
    };
    const records = this.byInstance.get(instance.id) ?? [];
    records.push(task);
    if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
    this.byInstance.set(instance.id, records);
    // The documented create answer: no started_at or finished_at yet.
    const { id, status, scan_type, created_at } = this.summary(task);
    return { id, instance_id: instance.id, status, scan_type, created_at, num: 0 };
  }

  list(instanceId: string, offset: number, limit: number, status?: string): Record<string, unknown> {
    const all = [...(this.byInstance.get(instanceId) ?? [])]
      .reverse()
      .map((task) => this.summary(task))
      .filter((record) => status === undefined || record.status === status);
    return { instance_id: instanceId, count: all.length, records: all.slice(offset, offset + limit) };
  }

  details(instanceId: string, taskId: string): Record<string, unknown> | undefined {
    const task = this.byInstance.get(instanceId)?.find((t) => t.id === taskId);
    if (!task) return undefined;
    const summary = this.summary(task);
    const done = summary.status === 'success';
    return { ...summary, instance_id: instanceId, num: done ? task.keys.length : 0, keys: done ? task.keys : null };
  }

  delete(instanceId: string, taskId: string): Record<string, unknown> | undefined {
    const details = this.details(instanceId, taskId);
    const records = this.byInstance.get(instanceId);
    if (details && records)
      records.splice(
        records.findIndex((t) => t.id === taskId),
        1,
      );
    return details;
  }

  private summary(task: StoredTask) {
    const startedAt = task.createdAt + this.timing.waitingMs;
    const finishedAt = startedAt + this.timing.runningMs;
    const now = this.now();
    const status = now < startedAt ? 'waiting' : now < finishedAt ? 'running' : 'success';
    return {
      id: task.id,
      scan_type: 'manual',
      status,
      created_at: iso(task.createdAt),
      started_at: status === 'waiting' ? null : iso(startedAt),
      finished_at: status === 'success' ? iso(finishedAt) : null,
    };
  }
}
