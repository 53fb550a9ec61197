import { setTimeout as sleep } from 'node:timers/promises';
import type { ImpactMeasured } from '../../../../contract/hotkey-task';
import type { RedisEndpoint } from '../redis-connection';
import { type ShardTarget, targetLabel } from '../scan/cluster-masters';
import { LatencyHistogram } from './latency-histogram';
import { probeFigures, ShardProbe } from './shard-probe';

/** The window probed before an analysis starts: some 400 replies, enough for a p99. */
export const BASELINE_MS = 500;

export interface BudgetUse {
  budgetMs: number;
  /** false for an analysis that ignores the budget (`fast`). */
  applied: boolean;
  backoffs: number;
}

/** One probe per server an analysis works on, opened before it starts and closed when it ends. */
export class ImpactProbes {
  private constructor(private readonly probes: Map<string, ShardProbe>) {}

  static async open(endpoint: RedisEndpoint, targets: ShardTarget[]): Promise<ImpactProbes> {
    const opened = await Promise.allSettled(targets.map((t) => ShardProbe.open(endpoint, t.url, targetLabel(t))));
    const probes = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) {
      for (const probe of probes) probe.close();
      throw failed.reason;
    }
    return new ImpactProbes(new Map(probes.map((p) => [p.shard, p])));
  }

  /** The probe of the server `targetLabel` names. */
  of(label: string): ShardProbe {
    const probe = this.probes.get(label);
    if (!probe) throw new Error(`no latency probe for ${label}`);
    return probe;
  }

  /** Probes the quiet servers for `ms` (cut short by `signal`), then starts the analysis's own window. */
  async baseline(signal: AbortSignal, ms = BASELINE_MS): Promise<void> {
    await sleep(ms, undefined, { signal });
    for (const probe of this.probes.values()) probe.startDuring();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.probes.values()].map((p) => p.stop()));
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
    for (const probe of this.probes.values()) probe.close();
  }
}
