import { log } from '../log';
import type { Clock } from '../schedule/clock';
import type { InstanceSource } from '../sources/instance-source';

export const WATCH_INTERVAL_MS = 60_000;
/** Newest records looked at per instance each minute; new analyses arrive far more slowly than that. */
export const RECORDS_PER_INSTANCE = 10;
/**
 * Task details loaded per tick across all instances. Each is a full key list from DCS; the rest are still
 * unknown at the next tick, so nothing is lost, only spread out.
 */
export const MAX_LOADS_PER_TICK = 20;

export interface DcsTaskWatchDeps {
  clock: Clock;
  sources: readonly InstanceSource[];
  /** Instances with an alert rule switched on, and since when (ISO time) the rule reads as it does. */
  watchedInstances(): Promise<{ instanceId: string; since: string }[]>;
  /** Whether the BFF already keeps a copy of the task (it has then already been told it finished). */
  isKnown(instanceId: string, taskId: string): Promise<boolean>;
}

/**
 * DCS analyses the BFF did not see finish (DCS's own auto-scan, another tool, a browser closed early) reach
 * the alert listener only when someone opens them. This looks for them every minute and opens them itself:
 * `getTask` keeps the copy and tells the listener, exactly as when a person opens the task.
 */
export class DcsTaskWatch {
  private cancelTimer: (() => void) | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly deps: DcsTaskWatchDeps) {}

  start(): void {
    this.stopped = false;
    this.arm();
  }

  /** Stops the timer and waits for a tick under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.ticking;
  }

  /** One pass over the watched instances; never throws. */
  async tick(): Promise<void> {
    try {
      let budget = MAX_LOADS_PER_TICK;
      const dcs = this.deps.sources.filter((source) => source.kind === 'dcs');
      for (const { instanceId, since } of await this.deps.watchedInstances()) {
        if (budget <= 0 || this.stopped) break;
        budget -= await this.watchInstance(dcs, instanceId, since, budget);
      }
    } catch (error) {
      log.error('DCS task watch failed', { error: String(error) });
    }
  }

  private arm(): void {
    this.cancelTimer = this.deps.clock.setTimer(WATCH_INTERVAL_MS, () => (this.ticking = this.tickAndRearm()));
  }

  private async tickAndRearm(): Promise<void> {
    this.cancelTimer = undefined;
    await this.tick();
    // Re-armed after the tick, so a slow DCS never has two passes over it at once.
    if (!this.stopped) this.arm();
  }

  /** Returns how many task details it loaded. */
  private async watchInstance(
    dcs: readonly InstanceSource[],
    instanceId: string,
    since: string,
    budget: number,
  ): Promise<number> {
    let loaded = 0;
    try {
      const source = await findOwner(dcs, instanceId);
      if (!source) return 0;
      const { records } = await source.listTasks(instanceId, { offset: 0, limit: RECORDS_PER_INSTANCE });
      // Analyses that finished before the rule was set are history, not news: switching a rule on must not
      // raise a burst of alerts about them.
      const unseen: typeof records = [];
      for (const r of records) {
        if (r.status !== 'success' || (r.finished_at ?? r.created_at) < since) continue;
        if (!(await this.deps.isKnown(instanceId, r.id))) unseen.push(r);
      }
      for (const record of unseen.slice(0, budget)) {
        loaded += 1;
        await source.getTask(instanceId, record.id);
      }
    } catch (error) {
      log.warn('DCS task watch skipped an instance', { instance: instanceId, error: String(error) });
    }
    return loaded;
  }
}

/** Rules of Redis instances, and of DCS instances since deleted, have no DCS owner and are passed over. */
async function findOwner(dcs: readonly InstanceSource[], instanceId: string): Promise<InstanceSource | undefined> {
  for (const source of dcs) if (await source.ownsInstance(instanceId)) return source;
  return undefined;
}
