/**
 * How far an LFU counter falls by itself. Redis takes one step off a key's freq for every `lfu-decay-time`
 * minutes it goes without an access, counted on a clock of whole minutes: between two readings E apart, a key
 * nobody touched loses at most ceil(ceil(E in minutes) / lfu-decay-time) steps (a gap of 10 s can cross a minute
 * boundary and cost one step). A smaller fall says nothing about its traffic except that there may have been none.
 */

const MINUTE_MS = 60_000;

/** The most steps an untouched key can lose over `elapsedMs` at `decayTime` minutes per step (0: no decay). */
export function idleDecaySteps(elapsedMs: number, decayTime: number): number {
  if (!(decayTime > 0) || !(elapsedMs > 0)) return 0;
  return Math.ceil(Math.ceil(elapsedMs / MINUTE_MS) / decayTime);
}

/** What happened to a freq between two readings: `idle decay` is a fall that decay alone explains. */
export type FreqMove = 'hotter' | 'same' | 'idle decay' | 'cooler';

export function freqMove(before: number, after: number, decaySteps: number): FreqMove {
  if (after > before) return 'hotter';
  if (after === before) return 'same';
  return before - after <= decaySteps ? 'idle decay' : 'cooler';
}

/** The rule in words, for the screens that apply it. */
export function describeDecayRule(elapsedMs: number, decayTime: number): string {
  if (!(decayTime > 0)) return 'lfu-decay-time is 0 on this server: counters never fall by themselves.';
  const steps = idleDecaySteps(elapsedMs, decayTime);
  const per = decayTime === 1 ? 'every minute' : `every ${decayTime} minutes`;
  return (
    `Redis takes one step off the freq of a key for ${per} without access (lfu-decay-time ${decayTime}); ` +
    `over this gap an untouched key loses up to ${steps} step${steps === 1 ? '' : 's'}, so a fall that small is ` +
    'labelled idle decay, not cooler.'
  );
}
