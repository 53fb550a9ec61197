import { Mutex } from 'async-mutex';
import { randomUUID } from 'node:crypto';
import type { AutoscanConfig, AutoscanUpdate } from '../../../contract/autoscan';
import {
  type CreateTaskRequest,
  type Impact,
  mostAffectedShard,
  SAMPLE_SECONDS,
  type Task,
  type TaskList,
  type TaskListQuery,
  type TaskProgress,
} from '../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../contract/instance-summary';
import type { RedisSourceConfig } from '../../config/config-schema';
import { ApiError, notFound } from '../../http/api-error';
import { DEFAULT_LFU } from '../../lfu/estimate-lfu';
import { log } from '../../log';
import type { TaskStore } from '../../store/task-store';
import type { CreateTaskOptions, InstanceSource } from '../instance-source';
import { assertCanRun } from './assert-can-run';
import { type InstanceInspection, inspectInstance } from './inspect-instance';
import { describeRedisError, type RedisEndpoint, resolveEndpoint } from './redis-connection';
import { DEFAULT_LATENCY_BUDGET_MS } from './probe/latency-budget';
import { DEFAULT_SAMPLE_BYTE_LIMIT, runSampling, type SamplingResult } from './sample/run-sampling';
import { type LfuScanOptions, type LfuScanResult, runLfuScan } from './scan/run-lfu-scan';

type AnalysisResult = SamplingResult | LfuScanResult;

/** Resolves when `previous` settles or `signal` aborts, whichever comes first. */
const untilSettledOrAborted = (previous: Promise<void>, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    void previous.finally(resolve);
  });

/** Polling browsers ask often; the server is asked at most this often. */
const SUMMARY_TTL_MS = 2_000;
/**
 * How often the replica running analyses saves their progress for the others and reads the stops they recorded:
 * a cancel through another replica takes effect within about this long.
 */
const SYNC_MS = 500;
/** How long a cancel or delete through another replica waits for the one running the analysis to end it. */
const REMOTE_STOP_WAIT_MS = 20_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RedisSourceDeps {
  store: TaskStore;
  /** This replica, as the owner of the analyses it runs (see `store/replica.ts`). */
  owner: string;
  /** Keys kept per analysis when the source does not say. */
  defaultTopN: number;
  env?: NodeJS.ProcessEnv;
  scan?: (options: LfuScanOptions) => Promise<LfuScanResult>;
  now?: () => Date;
  /** Where the BFF keeps this instance's analysis schedule; the scheduler reads it from there. */
  autoscan?: {
    get(instanceId: string): Promise<AutoscanConfig>;
    put(instanceId: string, update: AutoscanUpdate): Promise<AutoscanConfig>;
  };
  /** Told about every analysis started (metrics count them); must not block. */
  onTaskStarted?: (task: Task) => void;
  /** Told about every analysis that ended, success or failure (alerts listen here); must not block. */
  onTaskFinished?: (task: Task) => void;
}

interface RunningAnalysis {
  controller: AbortController;
  progress: TaskProgress | null;
  /** Whether `progress` changed since it was last saved for the other replicas. */
  unsaved: boolean;
  done: Promise<void>;
}

/**
 * A self-managed Redis or Redis Cluster: one configured entry is one instance. The BFF runs the analysis
 * itself and keeps its records in the task store.
 */
export class RedisSource implements InstanceSource {
  readonly kind = 'redis' as const;
  readonly id: string;
  readonly name: string;
  private readonly endpoint: RedisEndpoint;
  private readonly running = new Map<string, RunningAnalysis>();
  private readonly starting = new Mutex();
  private syncTimer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private inspection: { value: Promise<InstanceInspection>; at: number } | null = null;
  /** Settles when the newest analysis has; a sampling waits for it rather than running alongside. */
  private lastAnalysis: Promise<void> = Promise.resolve();
  private readonly scan: NonNullable<RedisSourceDeps['scan']>;
  private readonly now: () => Date;

  constructor(
    private readonly config: RedisSourceConfig,
    private readonly deps: RedisSourceDeps,
  ) {
    this.id = config.id;
    this.name = config.name;
    this.endpoint = resolveEndpoint(config, deps.env);
    this.scan = deps.scan ?? runLfuScan;
    this.now = deps.now ?? (() => new Date());
  }

  async listInstances(): Promise<InstanceSummary[]> {
    return [await this.getInstance(this.config.id)];
  }

  async ownsInstance(instanceId: string): Promise<boolean> {
    return instanceId === this.config.id;
  }

  async getInstance(instanceId: string): Promise<InstanceSummary> {
    this.assertOwn(instanceId);
    return { ...(await this.inspect()).summary, last_analysis: await this.deps.store.lastAnalysis(instanceId) };
  }

  private inspect(): Promise<InstanceInspection> {
    const fresh = this.inspection && Date.now() - this.inspection.at < SUMMARY_TTL_MS;
    if (!fresh) this.inspection = { value: inspectInstance(this.config, this.endpoint), at: Date.now() };
    return this.inspection!.value;
  }

  /**
   * Starts are taken one at a time here (one inspection for requests of the same instant), and the store checks
   * for an active analysis of the instance, or of another instance on the same server, and inserts the new one
   * under a lock every replica takes: two starts never both pass.
   */
  createTask(instanceId: string, request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<Task> {
    return this.starting.runExclusive(() => this.createNow(instanceId, request, options));
  }

  private async createNow(instanceId: string, request: CreateTaskRequest, options: CreateTaskOptions): Promise<Task> {
    this.assertOwn(instanceId);
    const active = await this.deps.store.active(instanceId);
    // A sampling queues behind the analysis before it: two MONITORs would double the server's cost.
    if (active && request.method !== 'sample') throw this.busy(active);
    this.inspection = null;
    const { summary: instance, servers } = await this.inspect();
    assertCanRun(instanceId, instance, request.method);
    const lfu = instance.lfu ?? DEFAULT_LFU;
    const task: Task = {
      id: randomUUID(),
      instance_id: instanceId,
      status: 'waiting',
      scan_type: options.scanType ?? 'manual',
      watch_id: options.watchId ?? null,
      created_at: this.now().toISOString(),
      started_at: null,
      finished_at: null,
      num: 0,
      keys: null,
      impact: this.impactOf(request),
      method: request.method,
      seconds: request.seconds ?? null,
      // The parameters the server has now give the analysis's freqs their meaning, for good.
      lfu: { log_factor: lfu.log_factor, decay_time: lfu.decay_time },
    };
    const refusal = await this.deps.store.start(task, {
      owner: this.deps.owner,
      servers,
      queueBehind: request.method === 'sample',
    });
    if (refusal?.sameServerAs !== undefined) {
      throw ApiError.of(
        'conflict',
        `instance ${refusal.sameServerAs} is the same server, and its analysis ${refusal.busy.id} is still ${refusal.busy.status}; wait for it to finish`,
      );
    }
    if (refusal) throw this.busy(refusal.busy);
    this.deps.onTaskStarted?.(task);
    this.start(task, request);
    return task;
  }

  private busy(active: { id: string; status: string }): ApiError {
    return ApiError.of(
      'conflict',
      `analysis ${active.id} of this instance is still ${active.status}; wait for it to finish or delete it`,
    );
  }

  /** What the operator chose, else the source's configured impact, else the gentle default. */
  private impactOf(request: CreateTaskRequest): Impact {
    return request.impact ?? this.config.impact ?? 'gentle';
  }

  private start(task: Task, request: CreateTaskRequest): void {
    const controller = new AbortController();
    const analysis: RunningAnalysis = { controller, progress: null, unsaved: false, done: Promise.resolve() };
    this.running.set(task.id, analysis);
    this.syncTimer ??= setInterval(() => (this.syncing = this.syncing.then(() => this.sync())), SYNC_MS);
    const before = this.lastAnalysis;
    analysis.done = (async () => {
      const { store } = this.deps;
      try {
        await untilSettledOrAborted(before, controller.signal);
        // The analysis before it may run on another replica.
        while (!controller.signal.aborted && (await store.activeBefore(task.instance_id, task.id))) await pause(200);
        if (controller.signal.aborted) throw new Error('aborted while waiting');
        await store.markRunning(task.id, this.now());
        log.info('analysis started', {
          instance: task.instance_id,
          task: task.id,
          method: request.method,
          impact: this.impactOf(request),
        });
        const onProgress = (progress: TaskProgress) => {
          analysis.progress = progress;
          analysis.unsaved = true;
        };
        const topN = this.config.topN ?? this.deps.defaultTopN;
        const latencyBudgetMs = this.config.latencyBudgetMs ?? DEFAULT_LATENCY_BUDGET_MS;
        const result: AnalysisResult =
          request.method === 'sample'
            ? await runSampling({
                endpoint: this.endpoint,
                seconds: request.seconds ?? SAMPLE_SECONDS.default,
                topN,
                byteLimit: this.config.sampleByteLimit ?? DEFAULT_SAMPLE_BYTE_LIMIT,
                latencyBudgetMs,
                signal: controller.signal,
                onProgress,
              })
            : await this.scan({
                endpoint: this.endpoint,
                topN,
                impact: this.impactOf(request),
                latencyBudgetMs,
                signal: controller.signal,
                onProgress,
              });
        const { keys } = result;
        await store.markSuccess(task.id, keys, this.now(), {
          note: 'note' in result ? result.note : null,
          impact_measured: result.impact,
          sampled: 'sampled' in result ? result.sampled : null,
        });
        const worst = mostAffectedShard(result.impact);
        log.info('analysis finished', {
          instance: task.instance_id,
          task: task.id,
          keys: keys.length,
          probe_p99_ms: worst && {
            shard: worst.shard,
            before: worst.probe_p99_ms_before,
            during: worst.probe_p99_ms_during,
          },
        });
      } catch (error) {
        const reason = controller.signal.aborted
          ? String(controller.signal.reason)
          : error instanceof ApiError
            ? `the result could not be recorded: ${error.message}`
            : describeRedisError(error);
        await store.markFailed(task.id, reason, this.now());
        log.warn('analysis failed', { instance: task.instance_id, task: task.id, reason });
      } finally {
        this.running.delete(task.id);
        if (this.running.size === 0) {
          clearInterval(this.syncTimer);
          this.syncTimer = undefined;
        }
        await this.notifyFinished(task.instance_id, task.id);
      }
    })();
    this.lastAnalysis = analysis.done;
  }

  /**
   * Saves changed progress where other replicas read it, and stops what a cancel through one of them asked or
   * what its record no longer holds as running.
   */
  private async sync(): Promise<void> {
    try {
      for (const [id, analysis] of this.running) {
        if (!analysis.unsaved || !analysis.progress) continue;
        analysis.unsaved = false;
        await this.deps.store.saveProgress(id, analysis.progress);
      }
      const asked = await this.deps.store.stopRequests([...this.running.keys()]);
      for (const [id, reason] of asked) this.running.get(id)?.controller.abort(reason);
    } catch (error) {
      // The store is unreachable for now: the next round tries again, and the analysis goes on.
      log.warn('analysis progress not saved', { instance: this.id, error: String(error) });
    }
  }

  private async notifyFinished(instanceId: string, taskId: string): Promise<void> {
    const finished = this.deps.onTaskFinished && (await this.deps.store.get(instanceId, taskId).catch(() => undefined));
    if (!finished) return;
    try {
      this.deps.onTaskFinished!(finished);
    } catch (error) {
      log.error('analysis listener failed', { instance: instanceId, task: taskId, error: String(error) });
    }
  }

  async listTasks(instanceId: string, query: TaskListQuery): Promise<TaskList> {
    this.assertOwn(instanceId);
    return this.deps.store.list(instanceId, query);
  }

  async getTask(instanceId: string, taskId: string): Promise<Task> {
    this.assertOwn(instanceId);
    const task = await this.deps.store.get(instanceId, taskId);
    if (!task) throw notFound(`analysis ${taskId} of instance ${instanceId}`);
    const progress = this.running.get(taskId)?.progress;
    return progress ? { ...task, progress } : task;
  }

  async cancelTask(instanceId: string, taskId: string): Promise<Task> {
    this.assertOwn(instanceId);
    if (!(await this.stop(instanceId, taskId, 'cancelled'))) {
      const task = await this.getTask(instanceId, taskId);
      throw ApiError.of('conflict', `analysis ${taskId} is ${task.status}; only a running analysis can be cancelled`);
    }
    return this.getTask(instanceId, taskId);
  }

  async deleteTask(instanceId: string, taskId: string): Promise<Task> {
    this.assertOwn(instanceId);
    await this.stop(instanceId, taskId, 'deleted while running');
    const task = await this.deps.store.delete(instanceId, taskId);
    if (!task) throw notFound(`analysis ${taskId} of instance ${instanceId}`);
    return task;
  }

  /**
   * Stops an active analysis and waits for its end: here when this replica runs it, else by a stop recorded in
   * the store, which the replica running it reads within `SYNC_MS` (or the sweep ends it, should that replica be
   * gone). False when the analysis was not active.
   */
  private async stop(instanceId: string, taskId: string, reason: string): Promise<boolean> {
    const running = this.running.get(taskId);
    if (running) {
      running.controller.abort(reason);
      await running.done;
      return true;
    }
    if (!(await this.deps.store.requestCancel(instanceId, taskId, reason))) return false;
    const deadline = Date.now() + REMOTE_STOP_WAIT_MS;
    for (;;) {
      const task = await this.deps.store.get(instanceId, taskId);
      if (!task || (task.status !== 'waiting' && task.status !== 'running') || Date.now() > deadline) return true;
      await pause(100);
    }
  }

  async getAutoscan(instanceId: string): Promise<AutoscanConfig> {
    this.assertOwn(instanceId);
    return this.autoscanStore().get(instanceId);
  }

  async putAutoscan(instanceId: string, update: AutoscanUpdate): Promise<AutoscanConfig> {
    this.assertOwn(instanceId);
    const store = this.autoscanStore();
    if (update.enable_auto_scan) {
      // Scheduled analyses use the LFU method: a schedule that can only fail is refused now, not every day.
      // A server that is down at this moment may be back by the due time, so only a known refusal counts.
      const instance = await this.getInstance(instanceId);
      if (instance.status !== 'UNREACHABLE' && !instance.eligibility.ok) {
        throw ApiError.of(
          'notEligible',
          `scheduled analyses use the LFU method, which this instance cannot run: ${instance.eligibility.reason}`,
        );
      }
    }
    return store.put(instanceId, update);
  }

  private autoscanStore(): NonNullable<RedisSourceDeps['autoscan']> {
    if (!this.deps.autoscan) throw ApiError.of('notFound', 'this instance has no analysis schedule');
    return this.deps.autoscan;
  }

  /** Stops running analyses; their records say why. */
  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const analysis of all) analysis.controller.abort('interrupted: the BFF shut down');
    await Promise.all(all.map((a) => a.done));
    clearInterval(this.syncTimer);
    await this.syncing;
  }

  private assertOwn(instanceId: string): void {
    if (instanceId !== this.config.id) throw notFound(`instance ${instanceId}`);
  }
}
