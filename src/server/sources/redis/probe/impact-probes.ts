import { setTimeout as sleep } from 'node:timers/promises';
import type { ImpactMeasured } from '../../../../contract/hotkey-task';
import type { RedisEndpoint } from '../redis-connection';
import { type ShardTarget, targetLabel } from '../scan/cluster-masters';
import { LatencyHistogram } from './latency-histogram';
import { ProbeThread } from './probe-thread';
import { probeFigures, ShardProbe } from './shard-probe';

/**
 * The pause between two PINGs of one probe. Each costs the probe thread a wake-up (some 0.2 ms of CPU on a small
 * machine), so a probe pauses 2 ms, and the probes of a large cluster longer: about 2,000 PINGs a second in
 * all, whatever the number of masters.
 */
export const probePauseMs = (masters: number): number => Math.max(2, Math.ceil(masters / 2));

/** The window probed before an analysis starts: some 250 replies per master, enough for a p99. */
export const baselineMs = (masters: number): number => Math.max(600, 300 * probePauseMs(masters));

export interface BudgetUse {
  budgetMs: number;
  /** false for an analysis that ignores the budget (`fast`). */
  applied: boolean;
  backoffs: number;
}

/** One probe per server an analysis works on, opened before it starts and closed when it ends. */
export class ImpactProbes {
  private constructor(
    private readonly probes: Map<string, ShardProbe>,
    private readonly thread: ProbeThread,
  ) {}

  /** Resolves once every server answered its probe; `signal` gives up on servers that do not. */
  static async open(endpoint: RedisEndpoint, targets: ShardTarget[], signal: AbortSignal): Promise<ImpactProbes> {
    const probes = new Map(targets.map((t) => [targetLabel(t), new ShardProbe(targetLabel(t))]));
    const thread = await ProbeThread.start(
      {
        endpoint,
        targets: targets.map((t) => ({ url: t.url, shard: targetLabel(t) })),
        pauseMs: probePauseMs(targets.length),
      },
      ({ shard, sentAt, ms }) => probes.get(shard)?.record(sentAt, ms),
      signal,
    );
    return new ImpactProbes(probes, thread);
  }

  /** The probe of the server `targetLabel` names. */
  of(label: string): ShardProbe {
    const probe = this.probes.get(label);
    if (!probe) throw new Error(`no latency probe for ${label}`);
    return probe;
  }

  /** Probes the quiet servers (cut short by `signal`), then starts the analysis's own window. */
  async baseline(signal: AbortSignal): Promise<void> {
    await sleep(baselineMs(this.probes.size), undefined, { signal });
    for (const probe of this.probes.values()) probe.startDuring();
  }

  /** Ends the analysis's window; an analysis too short for a single PING during it gets one right at its end. */
  async stop(): Promise<void> {
    const probes = [...this.probes.values()];
    for (const probe of probes) probe.endDuring();
    await this.thread.stop(probes.filter((p) => p.during.count === 0).map((p) => p.shard));
  }

  report(budget: BudgetUse): ImpactMeasured {
    const probes = [...this.probes.values()];
    const before = new LatencyHistogram();
    const during = new LatencyHistogram();
    for (const probe of probes) {
      before.add(probe.before);
      during.add(probe.during);
    }
    return {
      ...probeFigures(before, during),
      shards: probes.map((p) => ({ shard: p.shard, ...p.figures() })),
      budget_ms: budget.budgetMs,
      budget_applied: budget.applied,
      backoffs: budget.backoffs,
      before_ms: Math.round(Math.max(...probes.map((p) => p.beforeMs))),
      during_ms: Math.round(Math.max(...probes.map((p) => p.duringMs))),
    };
  }

  close(): void {
    this.thread.close();
  }
}
