import { mostAffectedShard, type Task } from '../../../contract/hotkey-task';
import { formatDuration } from '../../lib/format';

/** "0.21 ms", "1.4 ms", "12 ms": two significant digits, as a probe's percentiles deserve. */
export const formatMs = (ms: number): string =>
  `${ms >= 10 ? Math.round(ms) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(2)} ms`;

/** Probe replies below which a p99 is little more than the slowest of them. */
const ROUGH_BELOW = 100;

const signedMs = (ms: number): string => `${ms < 0 ? '−' : '+'}${formatMs(Math.abs(ms))}`;

/**
 * What the analysis cost the servers it read, in a sentence a screenshot can carry: the rise of a probe
 * client's p99 on the server that paid the most, and whether the latency budget paced the analysis.
 * `null` fields are for analyses nobody measured.
 */
export function describeCost(task: Task, sourceKind: 'redis' | 'dcs'): { summary: string; detail: string | null } {
  const impact = task.impact_measured;
  if (!impact) {
    return sourceKind === 'dcs'
      ? { summary: 'not measured: DCS runs the analysis in the cloud and reports no cost', detail: null }
      : { summary: 'not measured (this analysis ran before the dashboard measured its cost)', detail: null };
  }
  const busiest = mostAffectedShard(impact) ?? { ...impact, shard: 'the server' };
  const rise = busiest.probe_p99_ms_during - busiest.probe_p99_ms_before;
  const where = impact.shards.length > 1 ? `the busiest master (${busiest.shard})` : busiest.shard;
  // A p99 lower during than before is the machine's noise, not a gain the analysis brought.
  const summary =
    rise > 0
      ? `this analysis added +${formatMs(rise)} p99 on ${where}`
      : `no rise of the p99 measured on ${where} (${signedMs(rise)}: within the machine's own variation)`;
  const budget = `${formatMs(impact.budget_ms)} budget`;
  const slowed =
    impact.backoffs > 0 ? `, slowed down ${impact.backoffs} ${impact.backoffs === 1 ? 'time' : 'times'}` : '';
  const pacing = !impact.budget_applied
    ? `fast: the ${budget} was not applied`
    : `${rise <= impact.budget_ms ? 'within' : 'over'} the ${budget}, paced by the probe${slowed}`;
  // A p99 of a few dozen replies is nearly their maximum: one slow reply moves it.
  const rough = busiest.samples < ROUGH_BELOW ? ', few probes: a rough figure' : '';
  const detail =
    `a PING probe's p99 ${formatMs(busiest.probe_p99_ms_before)} → ${formatMs(busiest.probe_p99_ms_during)}, ` +
    `p50 ${formatMs(busiest.probe_p50_ms_before)} → ${formatMs(busiest.probe_p50_ms_during)} ` +
    `(${busiest.samples.toLocaleString('en-US')} ${busiest.samples === 1 ? 'probe' : 'probes'} over ${formatDuration(impact.during_ms)}${rough}); ${pacing}`;
  return { summary, detail };
}

/** "MONITOR ran 37% of the 8 s window, in 20 slices": how much of the window the rates stand on. */
export function describeSampled(task: Task): string | null {
  const sampled = task.sampled;
  if (task.method !== 'sample' || !sampled) return null;
  const share = Math.round(sampled.sampled_fraction * 100);
  const window = formatDuration(sampled.window_ms);
  if (sampled.slices <= 1 && share >= 99) return `MONITOR ran the whole ${window} window`;
  return (
    `MONITOR ran ${share}% of the ${window} window, in ${sampled.slices} slices to keep the latency budget; ` +
    'rates are counts over the time sampled'
  );
}
