import type { Impact } from '../../contract/hotkey-task';
import { ApiError } from '../http/api-error';
import { log } from '../log';
import type { InstanceSource } from '../sources/instance-source';
import type { Clock } from './clock';
import type { ScheduleStore } from './schedule-store';

const MINUTE_MS = 60_000;
/**
 * A tick that comes late (busy event loop, suspended host) still runs the due times it passed, but only
 * this many minutes back: a clock jump of hours must not start a burst of stale analyses.
 */
const CATCH_UP_MINUTES = 2;

/** An instance the BFF analyses itself, and how gently its scheduled analyses scan. */
export interface ScheduleTarget {
  source: InstanceSource;
  impact: Impact;
}

export interface SchedulerDeps {
  clock: Clock;
  schedules: ScheduleStore;
  targets: ReadonlyMap<string, ScheduleTarget>;
  /** The analysis of the instance still waiting or running, if any. */
  activeTask(instanceId: string): Promise<{ id: string; status: string } | undefined>;
  /** This replica: every replica ticks, the claim's unique row lets one of them run each due time. */
  owner?: string;
}

const utcTimeOf = (minute: number): string => new Date(minute * MINUTE_MS).toISOString().slice(11, 16);

/**
 * Starts one `auto` analysis per instance at each due UTC minute of its schedule. Every due time is claimed
 * in the store before anything starts; a claim already there (an earlier life of this BFF, or another replica)
 * means done.
 */
export class Scheduler {
  private lastMinute = 0;
  private cancelTimer: (() => void) | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Checks the current minute at once (a restart inside a due minute still runs it), then every minute. */
  start(): void {
    this.stopped = false;
    this.lastMinute = Math.floor(this.deps.clock.now().getTime() / MINUTE_MS) - 1;
    this.cancelTimer = this.deps.clock.setTimer(0, () => (this.ticking = this.tick()));
  }

  /** Stops the timer and waits for starts already under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.ticking;
  }

  private async tick(): Promise<void> {
    this.cancelTimer = undefined;
    try {
      await this.runDue();
    } catch (error) {
      log.error('scheduler tick failed', { error: String(error) });
    }
    if (!this.stopped) this.arm();
  }

  /**
   * Aims at the minute after the last one checked, not at the minute after now: timers and the wall clock keep
   * separate time, so a timer may fire a millisecond before its minute, and a tick that then reads the store
   * past the minute would otherwise aim at the one after and check this one a minute late. At most a minute
   * ahead, for a wall clock set back.
   */
  private arm(): void {
    const delay = (this.lastMinute + 1) * MINUTE_MS - this.deps.clock.now().getTime();
    this.cancelTimer = this.deps.clock.setTimer(
      Math.min(MINUTE_MS, Math.max(0, delay)),
      () => (this.ticking = this.tick()),
    );
  }

  private async runDue(): Promise<void> {
    const current = Math.floor(this.deps.clock.now().getTime() / MINUTE_MS);
    const from = Math.max(this.lastMinute + 1, current - CATCH_UP_MINUTES);
    this.lastMinute = Math.max(this.lastMinute, current);
    const schedules = await this.deps.schedules.enabled();
    const starts: Promise<void>[] = [];
    for (let minute = from; minute <= current; minute += 1) {
      const time = utcTimeOf(minute);
      for (const schedule of schedules) {
        const target = this.deps.targets.get(schedule.instanceId);
        if (target && schedule.times.includes(time)) {
          starts.push(this.runSlot(schedule.instanceId, target, new Date(minute * MINUTE_MS)));
        }
      }
    }
    // Instances start side by side: one unreachable server must not delay the others' due times.
    await Promise.all(starts);
  }

  private async runSlot(instanceId: string, target: ScheduleTarget, dueAt: Date): Promise<void> {
    const { schedules } = this.deps;
    if (!(await schedules.claim(instanceId, dueAt, this.deps.owner ?? 'local'))) {
      log.info('scheduled analysis claimed before', { instance: instanceId, due_at: dueAt.toISOString() });
      return;
    }
    const active = await this.deps.activeTask(instanceId);
    if (active) {
      const reason = `analysis ${active.id} was still ${active.status}`;
      await schedules.settle(instanceId, dueAt, 'skipped', { reason });
      log.info('scheduled analysis skipped', { instance: instanceId, due_at: dueAt.toISOString(), reason });
      return;
    }
    try {
      const task = await target.source.createTask(
        instanceId,
        { method: 'lfu', impact: target.impact },
        { scanType: 'auto' },
      );
      await schedules.settle(instanceId, dueAt, 'started', { taskId: task.id });
      log.info('scheduled analysis started', { instance: instanceId, due_at: dueAt.toISOString(), task: task.id });
    } catch (error) {
      // A manual start can win the race between the check above and createTask: that is a skip too.
      const busy = error instanceof ApiError && error.status === 409;
      const reason = error instanceof Error ? error.message : String(error);
      await schedules.settle(instanceId, dueAt, busy ? 'skipped' : 'failed', { reason }).catch(() => undefined);
      log.warn('scheduled analysis not started', { instance: instanceId, due_at: dueAt.toISOString(), reason });
    }
  }
}
