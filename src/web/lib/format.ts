/** Display formats shared by every screen: times always carry their zone, sizes their unit. */

const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function formatIn(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}

export const formatUtc = (iso: string): string => formatIn(iso, 'UTC');
export const formatLocal = (iso: string): string => formatIn(iso, localZone);

/**
 * The local time beside a UTC one, or null where the local clock reads as UTC does (the zone is UTC, or one at
 * offset 0 then): the same time twice would only look like two different ones.
 */
export function localBesideUtc(iso: string, timeZone: string = localZone): string | null {
  const local = formatIn(iso, timeZone);
  const wallClock = (formatted: string) => formatted.slice(0, formatted.lastIndexOf(' '));
  return wallClock(local) === wallClock(formatUtc(iso)) ? null : local;
}
/** `14:03:10`, UTC: the tick of a time axis, whose caption names the zone (see `utcAxisNote`). */
export const formatUtcClock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** The caption of a UTC time axis: the reader's own zone beside it, unless it reads as UTC. */
export function utcAxisNote(timeZone: string = localZone): string {
  const offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((part) => part.type === 'timeZoneName')?.value;
  return offset === undefined || offset === 'GMT' || offset === 'GMT+00:00'
    ? 'Times in UTC (your local zone reads the same).'
    : `Times in UTC; your local zone is ${timeZone} (${offset.replace('GMT', 'UTC')}).`;
}

/** Local time for tables; the zone name rides along so a screenshot is never ambiguous. */
export const formatTime = (iso: string | null | undefined): string => (iso ? formatLocal(iso) : '—');

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export const durationBetween = (from: string | null | undefined, to: string | null | undefined): string =>
  from && to ? formatDuration(Date.parse(to) - Date.parse(from)) : '—';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatSize(size: number, unit: string): string {
  if (unit === 'byte') {
    let value = size;
    let i = 0;
    while (value >= 1024 && i < BYTE_UNITS.length - 1) {
      value /= 1024;
      i += 1;
    }
    return `${i === 0 ? value : value.toFixed(1)} ${BYTE_UNITS[i]}`;
  }
  if (unit === 'count') return `${size.toLocaleString('en-US')} ${size === 1 ? 'element' : 'elements'}`;
  return `${size.toLocaleString('en-US')} ${unit}`;
}

/** 88,123 -> "88k": estimates are approximate, so more digits would only suggest precision. */
export function formatApprox(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toPrecision(2)}M`;
  if (value >= 10_000) return `${Math.round(value / 1000)}k`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k`;
  return String(Math.round(value));
}

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond * 60).toFixed(1)}/min`;
}

export const formatInteger = (n: number): string => n.toLocaleString('en-US');

/** An estimate of bytes served per second: "1.2 MiB/s". */
export const formatByteRate = (bytesPerSecond: number): string => `${formatSize(Math.round(bytesPerSecond), 'byte')}/s`;

/**
 * The article a whole number takes as it is read out: "an 8 s window", "an 11", "an 18", "an 80", "a 5". Read by
 * sound, so by its first group of digits: eight..., eleven and eighteen (11,000 and 18 million too) start with a
 * vowel sound.
 */
export function articleFor(n: number): 'a' | 'an' {
  const digits = String(Math.floor(Math.abs(n)));
  const leadingGroup = digits.slice(0, ((digits.length - 1) % 3) + 1);
  return digits.startsWith('8') || leadingGroup === '11' || leadingGroup === '18' ? 'an' : 'a';
}

/** The first characters of an id, enough to tell an instance's analyses apart; links and hovers keep it whole. */
export const shortId = (id: string): string => id.slice(0, 8);
