import { randomUUID } from 'node:crypto';
import type { AutoscanConfig, AutoscanUpdate } from '../src/contract/autoscan';
import {
  type CreateTaskRequest,
  type Task,
  type TaskList,
  type TaskListQuery,
  taskRecordSchema,
} from '../src/contract/hotkey-task';
import type { InstanceSummary, SourceKind } from '../src/contract/instance-summary';
import { notFound } from '../src/server/http/api-error';
import type { CreateTaskOptions, InstanceSource } from '../src/server/sources/instance-source';

export type SourceMethod = Exclude<keyof InstanceSource, 'id' | 'kind' | 'name'>;

export interface InMemorySourceOptions {
  id: string;
  kind?: SourceKind;
  instances: string[];
  /** Whether the source offers cancelling and schedules; the routes answer for sources that do not. */
  cancel?: boolean;
  autoscan?: boolean;
}

/**
 * A source for route tests: its instances and analyses live in memory (an analysis succeeds, empty, the moment
 * it starts), and it records every call made to it, so that a test can assert that a request reached no source.
 */
export class InMemorySource implements InstanceSource {
  readonly id: string;
  readonly kind: SourceKind;
  readonly name: string;
  readonly cancelTask?: (instanceId: string, taskId: string) => Promise<Task>;
  readonly getAutoscan?: (instanceId: string) => Promise<AutoscanConfig>;
  readonly putAutoscan?: (instanceId: string, update: AutoscanUpdate) => Promise<AutoscanConfig>;
  private readonly instances: Set<string>;
  private readonly calls: SourceMethod[] = [];
  /** Newest first, as the routes list them. */
  private readonly tasks: Task[] = [];
  private readonly schedules = new Map<string, AutoscanConfig>();

  constructor(options: InMemorySourceOptions) {
    this.id = options.id;
    this.kind = options.kind ?? 'redis';
    this.name = `In memory ${options.id}`;
    this.instances = new Set(options.instances);
    if (options.cancel !== false) {
      this.cancelTask = async (instanceId, taskId) => {
        this.record('cancelTask', instanceId);
        // every analysis here has finished already, and cancelling a finished one leaves it as it is
        return this.task(instanceId, taskId);
      };
    }
    if (options.autoscan !== false) {
      this.getAutoscan = async (instanceId) => {
        this.record('getAutoscan', instanceId);
        return (
          this.schedules.get(instanceId) ?? {
            instance_id: instanceId,
            enable_auto_scan: false,
            schedule_at: [],
            updated_at: null,
          }
        );
      };
      this.putAutoscan = async (instanceId, update) => {
        this.record('putAutoscan', instanceId);
        const config = { instance_id: instanceId, ...update, updated_at: new Date().toISOString() };
        this.schedules.set(instanceId, config);
        return config;
      };
    }
  }

  /** How many calls reached the source, of the given methods or of any. */
  callCount(...methods: SourceMethod[]): number {
    return this.calls.filter((method) => methods.length === 0 || methods.includes(method)).length;
  }

  async listInstances(): Promise<InstanceSummary[]> {
    this.calls.push('listInstances');
    return [...this.instances].map((id) => this.summary(id));
  }

  async ownsInstance(instanceId: string): Promise<boolean> {
    this.calls.push('ownsInstance');
    return this.instances.has(instanceId);
  }

  async getInstance(instanceId: string): Promise<InstanceSummary> {
    this.record('getInstance', instanceId);
    return this.summary(instanceId);
  }

  async createTask(instanceId: string, request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<Task> {
    this.record('createTask', instanceId);
    const now = new Date().toISOString();
    const task: Task = {
      id: randomUUID(),
      instance_id: instanceId,
      status: 'success',
      scan_type: options.scanType ?? 'manual',
      created_at: now,
      started_at: now,
      finished_at: now,
      num: 0,
      keys: [],
      method: request.method,
      impact: request.method === 'lfu' ? (request.impact ?? 'gentle') : null,
      seconds: request.seconds ?? null,
    };
    this.tasks.unshift(task);
    return task;
  }

  async listTasks(instanceId: string, query: TaskListQuery): Promise<TaskList> {
    this.record('listTasks', instanceId);
    const own = this.tasks.filter((t) => t.instance_id === instanceId && (!query.status || t.status === query.status));
    const records = own.slice(query.offset, query.offset + query.limit).map((t) => taskRecordSchema.parse(t));
    return { instance_id: instanceId, count: own.length, records };
  }

  async getTask(instanceId: string, taskId: string): Promise<Task> {
    this.record('getTask', instanceId);
    return this.task(instanceId, taskId);
  }

  async deleteTask(instanceId: string, taskId: string): Promise<Task> {
    this.record('deleteTask', instanceId);
    const task = this.task(instanceId, taskId);
    this.tasks.splice(this.tasks.indexOf(task), 1);
    return task;
  }

  async close(): Promise<void> {}

  /** The routes resolve an id before they use it: a call for an instance this source lacks is their bug. */
  private record(method: SourceMethod, instanceId: string): void {
    this.calls.push(method);
    if (!this.instances.has(instanceId)) throw new Error(`${method} for ${instanceId}, which ${this.id} does not own`);
  }

  private task(instanceId: string, taskId: string): Task {
    const task = this.tasks.find((t) => t.instance_id === instanceId && t.id === taskId);
    if (!task) throw notFound(`analysis ${taskId} of instance ${instanceId}`);
    return task;
  }

  private summary(id: string): InstanceSummary {
    if (!this.instances.has(id)) throw notFound(`instance ${id}`);
    return {
      id,
      name: id,
      source: { id: this.id, kind: this.kind, name: this.name },
      engine_version: '7.0.0',
      mode: 'standalone',
      shard_count: 1,
      status: 'RUNNING',
      eligibility: { ok: true, reason: null },
    };
  }
}
