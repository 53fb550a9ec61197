/** The LFU counter is one byte: no freq is ever above this. */
export const FREQ_MAX = 255;

const FREQ_STEPS = [1, 2, 5, 10, 20, 25, 50];

/**
 * Round freq ticks from 0 up to just past the largest freq, at most six intervals, never past 255: a tick that
 * would be is replaced by 255 itself, and a round tick too close below it is dropped.
 */
export function freqTicks(largest: number): number[] {
  const top = Math.min(Math.max(largest, 1), FREQ_MAX);
  const step = FREQ_STEPS.find((candidate) => top / candidate <= 6) ?? 50;
  const ticks = Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
  if (ticks.every((tick) => tick <= FREQ_MAX)) return ticks;
  return [...ticks.filter((tick) => FREQ_MAX - tick >= step / 2), FREQ_MAX];
}

const DELTA_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];

/**
 * Round ticks for changes of freq, from at most `low` to at least `high`, always through 0: a chart of falls only
 * still shows where nothing changed.
 */
export function deltaTicks(low: number, high: number): number[] {
  const from = Math.min(0, low);
  const to = Math.max(0, high, from === 0 ? 1 : 0);
  const step = DELTA_STEPS.find((candidate) => (to - from) / candidate <= 8) ?? 100;
  const first = Math.floor(from / step) * step;
  const last = Math.ceil(to / step) * step;
  return Array.from({ length: (last - first) / step + 1 }, (_, i) => first + i * step);
}

/** The axis domain that runs from the first tick to the last. */
export const tickSpan = (ticks: readonly number[]): [number, number] => [Math.min(...ticks), Math.max(...ticks)];

/**
 * Powers of ten from just below the smallest value to just above the largest, for a log axis of element counts.
 * The values are sizes, so the axis starts at 1; it spans at least one decade so that a single size still has
 * an axis.
 */
export function logTicks(smallest: number, largest: number): number[] {
  // Half a decade's room keeps points off the plot's edge where that costs no extra decade.
  const low = Math.max(0, Math.floor(Math.log10(smallest / 1.5)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(largest * 1.5)));
  return Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
}

/** Steps between byte ticks, in powers of two; 5 and 10 land every other tick on 1 KiB, 1 MiB... */
const BYTE_STEPS = [1, 2, 5, 10];

/**
 * Powers of two around the sizes, for a log axis of bytes, so that its ticks read as whole B, KiB and MiB like
 * every other size on the page: at most seven of them, at least two.
 */
export function byteLogTicks(smallest: number, largest: number): number[] {
  const low = Math.max(0, Math.floor(Math.log2(smallest / 1.2)));
  const high = Math.max(low + 1, Math.ceil(Math.log2(largest * 1.2)));
  const step = BYTE_STEPS.find((candidate) => (high - low) / candidate <= 6) ?? 10;
  const first = Math.floor(low / step) * step;
  const last = Math.max(first + step, Math.ceil(high / step) * step);
  return Array.from({ length: (last - first) / step + 1 }, (_, i) => 2 ** (first + i * step));
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

const LINEAR_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/**
 * Round ticks from 0 past the largest value for a linear axis of bytes: steps of 1, 2 or 5 times a power of ten
 * of the unit the largest value is read in (B, KiB, MiB...), so that the labels read "2 MiB/s", never "1.9 MiB/s".
 */
export function linearByteTicks(largest: number): number[] {
  const top = Math.max(largest, 1);
  const group = Math.min(Math.floor(Math.log2(top) / 10), BINARY_UNITS.length - 1);
  const unit = 1024 ** group;
  const step = (LINEAR_STEPS.find((candidate) => top / unit / candidate <= 6) ?? 1000) * unit;
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}

/** A power of two of bytes in whole units: 512 B, 1 KiB, 32 KiB, 1 MiB. */
export function formatByteTick(value: number): string {
  const exponent = Math.round(Math.log2(value));
  const group = Math.min(Math.floor(exponent / 10), BINARY_UNITS.length - 1);
  return `${2 ** (exponent - group * 10)} ${BINARY_UNITS[group]}`;
}

const DECIMAL_PREFIXES = ['', 'k', 'M', 'G', 'T'];

/** Element counts on a log axis: 1, 10, 100, 1k, 10k, 1M. */
export function formatCountTick(value: number): string {
  const exponent = Math.round(Math.log10(value));
  const group = Math.min(Math.floor(exponent / 3), DECIMAL_PREFIXES.length - 1);
  return `${10 ** (exponent - group * 3)}${DECIMAL_PREFIXES[group]}`;
}
