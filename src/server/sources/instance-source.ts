import type { AutoscanConfig, AutoscanUpdate } from '../../contract/autoscan';
import type { CreateTaskRequest, ScanType, Task, TaskList, TaskListQuery } from '../../contract/hotkey-task';
import type { InstanceSummary } from '../../contract/instance-summary';

export interface CreateTaskOptions {
  /** `auto` when the scheduler starts the analysis, `watch` when a watch does. */
  scanType?: ScanType;
  /** The watch that starts it. */
  watchId?: string;
}

/**
 * What the routes need from a source of instances. A redis source runs analyses itself; a dcs source
 * forwards to the cloud. Methods throw ApiError for anything the client should see (404, 400, 409, 502...).
 * Ids reaching these methods have already passed the route's format checks.
 */
export interface InstanceSource {
  readonly id: string;
  readonly kind: 'redis' | 'dcs';
  /** The configured name, shown when the source as a whole fails. */
  readonly name: string;
  /** Every instance this source offers; an unreachable source answers its instances as UNREACHABLE. */
  listInstances(): Promise<InstanceSummary[]>;
  /** Whether the id names one of this source's instances (cheap: no upstream call when avoidable). */
  ownsInstance(instanceId: string): Promise<boolean>;
  getInstance(instanceId: string): Promise<InstanceSummary>;
  createTask(instanceId: string, request: CreateTaskRequest, options?: CreateTaskOptions): Promise<Task>;
  listTasks(instanceId: string, query: TaskListQuery): Promise<TaskList>;
  getTask(instanceId: string, taskId: string): Promise<Task>;
  deleteTask(instanceId: string, taskId: string): Promise<Task>;
  /** Ends a running analysis as failed with reason "cancelled"; absent where a source cannot cancel. */
  cancelTask?(instanceId: string, taskId: string): Promise<Task>;
  getAutoscan?(instanceId: string): Promise<AutoscanConfig>;
  putAutoscan?(instanceId: string, update: AutoscanUpdate): Promise<AutoscanConfig>;
  close(): Promise<void>;
}
