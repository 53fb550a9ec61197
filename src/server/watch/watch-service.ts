import { Mutex } from 'async-mutex';
import { randomUUID } from 'node:crypto';
import type { CreateTaskRequest, TaskRecord } from '../../contract/hotkey-task';
import { type CreateWatchRequest, type Watch, type WatchList, WATCH_SAMPLE_SECONDS } from '../../contract/watch';
import { ApiError, badRequest, notFound } from '../http/api-error';
import { log } from '../log';
import type { Clock } from '../schedule/clock';
import type { InstanceSource } from '../sources/instance-source';
import { assertCanRun } from '../sources/redis/assert-can-run';
import { unlessStoreUnavailable } from '../store/store-health';
import type { StoredWatch, WatchStore } from './watch-store';

export const RESTART_REASON = 'interrupted: the BFF stopped while this watch ran; watches are never resumed';
export const SHUTDOWN_REASON = 'interrupted: the BFF shut down while this watch ran; watches are never resumed';
export const FINISHED_REASON = 'ran for its whole duration';

export interface WatchServiceDeps {
  store: WatchStore;
  tasks: {
    /** The analysis of the instance still waiting or running, if any. */
    active(instanceId: string): Promise<TaskRecord | undefined>;
    watchTaskIds(watchId: string): Promise<string[]>;
  };
  clock: Clock;
  /** This replica, whose timers drive the watches it starts. */
  owner?: string;
}

interface RunningWatch {
  watch: StoredWatch;
  source: InstanceSource;
  cancelTimer?: () => void;
  /** The grid time the pending timer is for: a timer that fires a little early still stands for it. */
  armedFor?: number;
  ticking: Promise<void>;
  ended: boolean;
}

/** How early a timer may fire and still stand for the time it was set for; beyond it, the wall clock was set back. */
const EARLY_TIMER_MS = 1000;

/**
 * The time a tick stands for: the grid time its timer was set for when the timer fired a little early (timers and
 * the wall clock keep separate time), the wall clock's time otherwise (a clock set back must not leave the watch
 * waiting for a grid time it set before).
 */
function standsFor({ armedFor }: RunningWatch, wall: number): number {
  return armedFor !== undefined && armedFor > wall && armedFor - wall <= EARLY_TIMER_MS ? armedFor : wall;
}

/** What each iteration asks for: the gentle LFU scan, or a short sampling window. */
const iterationRequest = (watch: StoredWatch): CreateTaskRequest =>
  watch.method === 'sample' ? { method: 'sample', seconds: WATCH_SAMPLE_SECONDS } : { method: 'lfu', impact: 'gentle' };

/**
 * Runs watches: an analysis of one instance every `every_seconds` until `ends_at` or a stop, one at a time (an
 * iteration that finds any analysis of the instance under way is skipped and the skip recorded). Timers live
 * in the replica that started the watch: a stop through another replica ends the row, which the owner reads
 * before each iteration; a watch whose replica is gone is marked interrupted by the sweep, never resumed.
 */
export class WatchService {
  private readonly running = new Map<string, RunningWatch>();
  private readonly starting = new Mutex();

  constructor(private readonly deps: WatchServiceDeps) {}

  private get owner(): string {
    return this.deps.owner ?? 'local';
  }

  /** Watches a gone replica (an earlier life of this BFF) left running end as interrupted, never resumed. */
  async interruptLeftovers(aliveSince: Date): Promise<number> {
    const count = await this.deps.store.interruptOrphans(this.owner, aliveSince, this.deps.clock.now(), RESTART_REASON);
    if (count > 0) log.warn('watches interrupted by a restart', { count });
    return count;
  }

  create(source: InstanceSource, instanceId: string, request: CreateWatchRequest, user: string): Promise<Watch> {
    return this.starting.runExclusive(async () => {
      if (source.kind !== 'redis') {
        throw badRequest(
          'watches run on self-managed Redis only: DCS runs each analysis in the cloud, keeps 100 records per ' +
            'instance and would rotate its own history out; use its daily auto-scan or start analyses by hand',
        );
      }
      const other = await this.deps.store.running(instanceId);
      if (other) {
        throw ApiError.of('conflict', `watch ${other.id} of this instance is still running; stop it first`);
      }
      const instance = await source.getInstance(instanceId);
      assertCanRun(instanceId, instance, request.method);
      const now = this.deps.clock.now();
      const watch: StoredWatch = {
        id: randomUUID(),
        instance_id: instanceId,
        status: 'running',
        method: request.method,
        every_seconds: request.every_seconds,
        for_seconds: request.for_seconds,
        started_at: now.toISOString(),
        ends_at: new Date(now.getTime() + request.for_seconds * 1000).toISOString(),
        started_by: user,
        ended_at: null,
        end_reason: null,
        skips: [],
      };
      await this.deps.store.insert(watch, this.owner);
      log.info('watch started', { instance: instanceId, watch: watch.id, method: watch.method, user });
      const entry: RunningWatch = { watch, source, ticking: Promise.resolve(), ended: false };
      this.running.set(watch.id, entry);
      await this.iterate(entry, now);
      this.arm(entry);
      return this.get(instanceId, watch.id);
    });
  }

  async get(instanceId: string, id: string): Promise<Watch> {
    const watch = await this.deps.store.get(instanceId, id);
    if (!watch) throw notFound(`watch ${id} of instance ${instanceId}`);
    return { ...watch, task_ids: await this.deps.tasks.watchTaskIds(id) };
  }

  async list(instanceId: string): Promise<WatchList> {
    const watches = await this.deps.store.list(instanceId);
    return {
      instance_id: instanceId,
      records: await Promise.all(
        watches.map(async (watch) => ({ ...watch, task_ids: await this.deps.tasks.watchTaskIds(watch.id) })),
      ),
    };
  }

  /** No new iteration starts (on whichever replica drives it); one under way finishes and keeps its result. */
  async stop(instanceId: string, id: string, user: string): Promise<Watch> {
    const watch = await this.get(instanceId, id);
    if (!(await this.deps.store.end(id, 'stopped', this.deps.clock.now(), `stopped by ${user}`))) {
      throw ApiError.of('conflict', `watch ${id} is already ${watch.status}`);
    }
    this.forget(id);
    log.info('watch stopped', { instance: instanceId, watch: id, user });
    return this.get(instanceId, id);
  }

  /**
   * Shutdown: timers stop, and the watches they drove say they were interrupted (or, on a store that cannot
   * take the write, will say so at the next start).
   */
  async close(): Promise<void> {
    const entries = [...this.running.values()];
    for (const entry of entries) this.forget(entry.watch.id);
    await Promise.all(entries.map((entry) => entry.ticking));
    await unlessStoreUnavailable('mark watches interrupted at shutdown', () =>
      this.deps.store.interruptOwnedBy(this.owner, this.deps.clock.now(), SHUTDOWN_REASON),
    );
  }

  private forget(id: string): void {
    const entry = this.running.get(id);
    if (!entry) return;
    entry.ended = true;
    entry.cancelTimer?.();
    this.running.delete(id);
  }

  /** The next iteration on the watch's own grid (start + k x every), or its end. */
  private arm(entry: RunningWatch): void {
    if (entry.ended) return;
    const now = this.deps.clock.now().getTime();
    // Past the time the last timer was for, even if it fired early: one iteration per grid time, never two.
    const after = standsFor(entry, now);
    const start = Date.parse(entry.watch.started_at);
    const every = entry.watch.every_seconds * 1000;
    const next = start + (Math.floor((after - start) / every) + 1) * every;
    const at = Math.min(next, Date.parse(entry.watch.ends_at));
    entry.armedFor = at;
    entry.cancelTimer = this.deps.clock.setTimer(at - now, () => (entry.ticking = this.tick(entry)));
  }

  private async tick(entry: RunningWatch): Promise<void> {
    entry.cancelTimer = undefined;
    if (entry.ended) return;
    const { watch } = entry;
    const now = standsFor(entry, this.deps.clock.now().getTime());
    try {
      if (now >= Date.parse(watch.ends_at)) {
        await this.deps.store.end(watch.id, 'finished', new Date(watch.ends_at), FINISHED_REASON);
        this.forget(watch.id);
        log.info('watch finished', { instance: watch.instance_id, watch: watch.id });
        return;
      }
      // Stopped through another replica (or ended by a sweep): its row says so, and this timer ends here.
      if ((await this.deps.store.get(watch.instance_id, watch.id))?.status !== 'running') {
        this.forget(watch.id);
        log.info('watch ended elsewhere', { instance: watch.instance_id, watch: watch.id });
        return;
      }
      await this.iterate(entry, new Date(now));
    } catch (error) {
      log.error('watch iteration failed', { watch: watch.id, error: String(error) });
    }
    this.arm(entry);
  }

  /** The iteration due at `at` (its grid time, a skip's time on the record). */
  private async iterate(entry: RunningWatch, at: Date): Promise<void> {
    const { watch, source } = entry;
    const active = await this.deps.tasks.active(watch.instance_id);
    if (active) {
      const which = active.watch_id === watch.id ? 'the previous iteration, analysis' : 'analysis';
      return this.skip(watch, at, `${which} ${active.id} was still ${active.status}`);
    }
    try {
      await source.createTask(watch.instance_id, iterationRequest(watch), { scanType: 'watch', watchId: watch.id });
    } catch (error) {
      // A manual start can win the race between the check above and this one; a server can be down for a while.
      await this.skip(watch, at, error instanceof Error ? error.message : String(error));
    }
  }

  private async skip(watch: StoredWatch, at: Date, reason: string): Promise<void> {
    await this.deps.store.recordSkip(watch.id, at, reason);
    log.info('watch iteration skipped', { instance: watch.instance_id, watch: watch.id, reason });
  }
}
