const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The next due times of a daily UTC schedule strictly after `now`, soonest first. A time equal to the
 * current minute is already being run by the BFF, so it counts from tomorrow.
 */
export function nextRuns(times: readonly string[], now: Date, count: number): Date[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const runs: number[] = [];
  const days = Math.ceil(count / Math.max(1, times.length)) + 1;
  for (let day = 0; day <= days; day += 1) {
    for (const time of times) {
      const [hours, minutes] = time.split(':').map(Number);
      const at = today + day * DAY_MS + ((hours ?? 0) * 60 + (minutes ?? 0)) * 60_000;
      if (at > now.getTime()) runs.push(at);
    }
  }
  return runs
    .sort((a, b) => a - b)
    .slice(0, count)
    .map((at) => new Date(at));
}
