import pMap from 'p-map';
import type { z } from 'zod';
import { autoscanConfigSchema, type AutoscanConfig, type AutoscanUpdate } from '../../../contract/autoscan';
import {
  isTerminal,
  taskListSchema,
  taskSchema,
  type CreateTaskRequest,
  type Task,
  type TaskList,
  type TaskListQuery,
} from '../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../contract/instance-summary';
import type { DcsSourceConfig } from '../../config/config-schema';
import { ApiError, badRequest, notFound } from '../../http/api-error';
import { log } from '../../log';
import type { TaskStore } from '../../store/task-store';
import type { InstanceSource } from '../instance-source';
import { CallGate } from './call-gate';
import { garbledUpstream } from './dcs-errors';
import { DcsHttp, type DcsAnswer, type DcsTuning } from './dcs-http';
import { needsConfigs, summarizeInstance } from './dcs-instance-summary';
import {
  instanceConfigsSchema,
  instanceDetailsSchema,
  instanceListPageSchema,
  type InstanceConfigs,
  type ListedInstance,
} from './dcs-payloads';
import { dcsRoutes, isDcsId, type DcsCall } from './dcs-routes';
import { IamTokenProvider } from './iam-token';
import { akskAuth, tokenAuth, type RequestAuth } from './request-auth';
import { SecretSet } from './secret-redaction';
import { SingleFlightCache } from './single-flight-cache';

export interface DcsSourceTuning extends DcsTuning {
  /** ListInstances page size (DCS allows 1-1000). */
  listPageSize: number;
}

export interface DcsSourceDeps {
  store: TaskStore;
  env?: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
  now?: () => number;
  /** Timeouts, backoff, pauses and paging; the defaults suit the real cloud, tests shorten them. */
  tuning?: Partial<DcsSourceTuning>;
  /** Told about each analysis started through the BFF (metrics count them); must not block. */
  onTaskStarted?: (task: Task) => void;
  /** Told once about each finished analysis the BFF sees (alerts listen here); must not block. */
  onTaskFinished?: (task: Task) => void;
}

const DEFAULT_TUNING: DcsSourceTuning = {
  requestTimeoutMs: 10_000,
  backoffBaseMs: 300,
  throttlePauseMs: 5_000,
  credentialLockMs: 60_000,
  random: Math.random,
  listPageSize: 1000,
};

/** However many browsers poll a task, DCS is asked about it at most once per this period. */
export const TASK_POLL_PERIOD_MS = 2_000;
/** Instance details and parameters change rarely; the picker may show them this stale. */
const INSTANCE_TTL_MS = 15_000;
/** An unknown instance id triggers a fresh ListInstances at most this often. */
const UNKNOWN_ID_REFRESH_MS = 10_000;
const DETAIL_CONCURRENCY = 6;
/** Guards against a ListInstances whose instance_num never matches what its pages hold. */
const MAX_LIST_PAGES = 100;

function requireEnv(env: NodeJS.ProcessEnv, name: string, field: string, sourceId: string): string {
  const value = env[name];
  if (!value) throw new Error(`DCS source ${sourceId}: environment variable ${name} (${field}) is not set`);
  return value;
}

/**
 * A cloud project's DCS instances, behind one InstanceSource. Secrets are read from the environment
 * variables the configuration names; a missing one stops start-up with its name (never its value).
 */
export function createDcsSource(config: DcsSourceConfig, deps: DcsSourceDeps): InstanceSource {
  const env = deps.env ?? process.env;
  const now = deps.now ?? Date.now;
  const fetchFn = deps.fetch ?? fetch;
  const tuning: DcsSourceTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  let secrets: SecretSet;
  let auth: RequestAuth;
  if (config.auth.method === 'aksk') {
    const ak = requireEnv(env, config.auth.akEnv, 'akEnv', config.id);
    const sk = requireEnv(env, config.auth.skEnv, 'skEnv', config.id);
    const securityToken =
      config.auth.securityTokenEnv !== undefined
        ? requireEnv(env, config.auth.securityTokenEnv, 'securityTokenEnv', config.id)
        : undefined;
    secrets = new SecretSet([ak, sk, securityToken]);
    auth = akskAuth({ ak, sk, ...(securityToken !== undefined ? { securityToken } : {}) }, now);
  } else {
    const password = requireEnv(env, config.auth.passwordEnv, 'passwordEnv', config.id);
    secrets = new SecretSet([password]);
    const { iamEndpoint, domain, user } = config.auth;
    auth = tokenAuth(
      new IamTokenProvider(
        { iamEndpoint, domain, user, password, projectId: config.projectId },
        { fetch: fetchFn, now, timeoutMs: tuning.requestTimeoutMs, secrets },
      ),
    );
  }
  const http = new DcsHttp({
    endpoint: config.endpoint,
    projectId: config.projectId,
    auth,
    gate: new CallGate(now),
    secrets,
    fetch: fetchFn,
    tuning,
  });
  return new DcsSource(config, http, deps.store, now, tuning.listPageSize, deps);
}

class DcsSource implements InstanceSource {
  readonly kind = 'dcs' as const;
  readonly id: string;
  readonly name: string;
  private readonly ref: InstanceSummary['source'];
  private readonly listing: SingleFlightCache<ListedInstance[]>;
  private readonly summaries: SingleFlightCache<InstanceSummary>;
  private readonly tasks: SingleFlightCache<Task>;
  private knownIds = new Set<string>();
  private idsCheckedAt = Number.NEGATIVE_INFINITY;
  private lastListing: InstanceSummary[] | undefined;

  constructor(
    config: DcsSourceConfig,
    private readonly http: DcsHttp,
    private readonly store: TaskStore,
    private readonly now: () => number,
    private readonly pageSize: number,
    private readonly events: Pick<DcsSourceDeps, 'onTaskStarted' | 'onTaskFinished'>,
  ) {
    this.id = config.id;
    this.name = config.name;
    this.ref = { id: config.id, kind: 'dcs', name: config.name };
    const instanceCache = { ttlMs: INSTANCE_TTL_MS, errorTtlMs: TASK_POLL_PERIOD_MS, now };
    this.listing = new SingleFlightCache({ ...instanceCache, maxEntries: 1 });
    this.summaries = new SingleFlightCache({ ...instanceCache, maxEntries: 5_000 });
    this.tasks = new SingleFlightCache({
      ttlMs: TASK_POLL_PERIOD_MS,
      now,
      maxEntries: 1_000,
      isFinal: (task) => isTerminal(task.status),
    });
  }

  /**
   * Every instance of the project. When DCS cannot be reached, the last listing comes back marked
   * UNREACHABLE; with none to fall back on, the ApiError is thrown.
   */
  async listInstances(): Promise<InstanceSummary[]> {
    try {
      const listed = await this.listing.get('all', () => this.listAll());
      const summaries = await pMap(
        listed,
        (instance) =>
          this.summary(instance.instance_id).catch((error: unknown) => {
            if (!(error instanceof ApiError)) throw error;
            return summarizeInstance(this.ref, instance, error);
          }),
        { concurrency: DETAIL_CONCURRENCY },
      );
      this.lastListing = summaries;
      return await Promise.all(summaries.map((summary) => this.withLastAnalysis(summary)));
    } catch (error) {
      if (!(error instanceof ApiError) || !this.lastListing) throw error;
      const reason = `DCS could not be asked about this instance: ${error.message}`;
      return Promise.all(
        this.lastListing.map((s) =>
          this.withLastAnalysis({ ...s, status: 'UNREACHABLE', eligibility: { ok: false, reason } }),
        ),
      );
    }
  }

  async ownsInstance(instanceId: string): Promise<boolean> {
    if (!isDcsId(instanceId)) return false;
    if (this.knownIds.has(instanceId)) return true;
    if (this.now() - this.idsCheckedAt < UNKNOWN_ID_REFRESH_MS) return false;
    this.idsCheckedAt = this.now();
    this.listing.forget('all');
    await this.listing.get('all', () => this.listAll());
    return this.knownIds.has(instanceId);
  }

  async getInstance(instanceId: string): Promise<InstanceSummary> {
    if (!isDcsId(instanceId)) throw notFound('instance');
    return this.withLastAnalysis(await this.summary(instanceId));
  }

  /**
   * The newest analysis the dashboard kept of the instance. Without one the field stays absent: asking DCS for
   * every instance's history would multiply the calls of one listing.
   */
  private async withLastAnalysis(summary: InstanceSummary): Promise<InstanceSummary> {
    const last = await this.store.lastAnalysis(summary.id);
    return last ? { ...summary, last_analysis: last } : summary;
  }

  async createTask(instanceId: string, request: CreateTaskRequest): Promise<Task> {
    // DCS runs one kind of analysis (LFU), decides how hard its scan works and runs its own schedule
    // (auto-scan): impact and a scheduled scan type have no counterpart in its create call.
    if (request.method === 'sample') {
      throw badRequest('DCS instances are analysed by their LFU counters; sampling is not available for them');
    }
    const call = dcsRoutes.createHotkeyTask(instanceId);
    const task = parseAnswer(taskSchema, await this.http.call(call), call);
    this.events.onTaskStarted?.(task);
    return task;
  }

  async listTasks(instanceId: string, query: TaskListQuery): Promise<TaskList> {
    const call = dcsRoutes.listHotkeyTasks(instanceId, query);
    return parseAnswer(taskListSchema, await this.http.call(call), call);
  }

  getTask(instanceId: string, taskId: string): Promise<Task> {
    if (!isDcsId(instanceId) || !isDcsId(taskId)) return Promise.reject(badRequest('DCS ids are UUIDs'));
    return this.tasks.get(`${instanceId}/${taskId}`, () => this.loadTask(instanceId, taskId));
  }

  async deleteTask(instanceId: string, taskId: string): Promise<Task> {
    const call = dcsRoutes.deleteHotkeyTask(instanceId, taskId);
    const answer = await this.http.call(call);
    this.tasks.forget(`${instanceId}/${taskId}`);
    const kept = await this.store.delete(instanceId, taskId);
    // 204 is how DCS says "no such record"; a kept copy of a rotated-out record is still ours to delete.
    if (answer.status === 204) {
      if (kept) return { ...kept, kept_copy: true };
      throw notFound('hot key analysis task');
    }
    return parseAnswer(taskSchema, answer, call);
  }

  async getAutoscan(instanceId: string): Promise<AutoscanConfig> {
    const call = dcsRoutes.showAutoscan(instanceId);
    return parseAnswer(autoscanConfigSchema, await this.http.call(call), call);
  }

  async putAutoscan(instanceId: string, update: AutoscanUpdate): Promise<AutoscanConfig> {
    const call = dcsRoutes.updateAutoscan(instanceId, update);
    return parseAnswer(autoscanConfigSchema, await this.http.call(call), call);
  }

  async close(): Promise<void> {}

  private async listAll(): Promise<ListedInstance[]> {
    const byId = new Map<string, ListedInstance>();
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const call = dcsRoutes.listInstances(page * this.pageSize, this.pageSize);
      const { instance_num: total, instances } = parseAnswer(instanceListPageSchema, await this.http.call(call), call);
      for (const instance of instances ?? []) byId.set(instance.instance_id, instance);
      if (!instances?.length || (page + 1) * this.pageSize >= total) break;
    }
    // An id that is not a UUID could never be routed back to DCS, so it is not offered.
    const listed = [...byId.values()].filter((instance) => isDcsId(instance.instance_id));
    this.knownIds = new Set(listed.map((instance) => instance.instance_id));
    this.idsCheckedAt = this.now();
    return listed;
  }

  private summary(instanceId: string): Promise<InstanceSummary> {
    return this.summaries.get(instanceId, async () => {
      const showCall = dcsRoutes.showInstance(instanceId);
      const details = parseAnswer(instanceDetailsSchema, await this.http.call(showCall), showCall);
      let configs: InstanceConfigs | Error | undefined;
      if (needsConfigs(details)) {
        const configsCall = dcsRoutes.listConfigurations(instanceId);
        configs = await this.http.call(configsCall).then(
          (answer) => parseAnswer(instanceConfigsSchema, answer, configsCall),
          (error: unknown) => {
            if (error instanceof ApiError) return error;
            throw error;
          },
        );
      }
      return summarizeInstance(this.ref, details, configs);
    });
  }

  private notifyFinished(task: Task): void {
    try {
      this.events.onTaskFinished?.(task);
    } catch (error) {
      log.error('analysis listener failed', { instance: task.instance_id, task: task.id, error: String(error) });
    }
  }

  private async loadTask(instanceId: string, taskId: string): Promise<Task> {
    const call = dcsRoutes.showHotkeyTask(instanceId, taskId);
    try {
      const task = parseAnswer(taskSchema, await this.http.call(call), call);
      if (isTerminal(task.status)) {
        const firstSight = (await this.store.get(instanceId, taskId)) === undefined;
        await this.store.keepCopy({ ...task, instance_id: instanceId });
        if (firstSight) this.notifyFinished(task);
      }
      return task;
    } catch (error) {
      // Rotated out, or DCS unavailable: the copy kept when the task finished is better than nothing.
      const fallBack = error instanceof ApiError && [404, 429, 502, 504].includes(error.status);
      const kept = fallBack ? await this.store.get(instanceId, taskId) : undefined;
      if (kept) return { ...kept, kept_copy: true };
      throw error;
    }
  }
}

function parseAnswer<S extends z.ZodType>(schema: S, answer: DcsAnswer, call: DcsCall): z.infer<S> {
  const parsed = schema.safeParse(answer.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw garbledUpstream(`DCS ${call.operation}`, `HTTP ${answer.status} with an unexpected body${where}`);
}
