import type { Config } from '../config/config-schema';
import type { InstanceSource } from '../sources/instance-source';
import type { ScheduleTarget } from './scheduler';

/**
 * The instances the BFF schedules itself: every redis source (one instance each, named by the source id),
 * scanning as gently as the source is configured to. DCS instances are scheduled by the cloud.
 */
export function scheduleTargets(config: Config, sources: readonly InstanceSource[]): Map<string, ScheduleTarget> {
  const targets = new Map<string, ScheduleTarget>();
  for (const entry of config.sources) {
    const source = sources.find((s) => s.id === entry.id);
    if (entry.kind === 'redis' && source?.kind === 'redis') {
      targets.set(entry.id, { source, impact: entry.impact ?? 'gentle' });
    }
  }
  return targets;
}
