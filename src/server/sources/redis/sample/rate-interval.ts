/** z of a two-sided 95% interval. */
const Z = 1.959964;

/**
 * A 95% interval for the mean of a Poisson count `k` (events seen in the time sampled), by Byar's
 * approximation of the exact (Garwood) interval: within about 2% of it from 3 events on, and
 * exact at 0 (where the lower end is 0 and the upper -ln(0.025)). A key seen 4 times could have been
 * anywhere from 1.1 to 10.2 events' worth; one seen 10,000 times within 2%.
 */
export function poissonInterval(k: number): { low: number; high: number } {
  const upper = (n: number) => n * (1 - 1 / (9 * n) + Z / (3 * Math.sqrt(n))) ** 3;
  if (k <= 0) return { low: 0, high: -Math.log(0.025) };
  return { low: k * (1 - 1 / (9 * k) - Z / (3 * Math.sqrt(k))) ** 3, high: upper(k + 1) };
}
