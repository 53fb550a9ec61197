import { hasFreq, type KeyRecord } from '../../../contract/hotkey-task';
import { freqMove } from '../../../contract/lfu-decay';
import { compareText } from '../../lib/compare-text';
import { keyId } from './key-id';

export type Change = 'new' | 'hotter' | 'idle decay' | 'cooler' | 'gone' | 'same';

export interface KeyChange {
  id: string;
  name: string;
  binary?: true;
  db: number;
  type: string;
  change: Change;
  before: number | null;
  after: number | null;
  /** Freq after minus before; a key that entered or left the list counts from 0. */
  delta: number;
}

const order: Record<Change, number> = { new: 0, hotter: 1, cooler: 2, gone: 3, 'idle decay': 4, same: 5 };

/**
 * How the hot keys moved from an earlier analysis to a later one. "new" and "gone" mean the key entered or
 * left the analysed top list, not that it was created or deleted. Freq is what moves, so keys without an LFU
 * counter (sampled on a server without an LFU policy) take no part. A fall of at most `decaySteps` (what the
 * counter loses by itself over the time between the analyses) is "idle decay", not "cooler".
 */
export function compareKeys(earlier: readonly KeyRecord[], later: readonly KeyRecord[], decaySteps = 0): KeyChange[] {
  const before = new Map(earlier.filter(hasFreq).map((key) => [keyId(key), key]));
  const after = new Map(later.filter(hasFreq).map((key) => [keyId(key), key]));
  const changes: KeyChange[] = [];
  for (const [id, key] of after) {
    const old = before.get(id);
    const delta = key.freq - (old?.freq ?? 0);
    const change: Change = !old ? 'new' : freqMove(old.freq, key.freq, decaySteps);
    changes.push({
      id,
      name: key.name,
      ...(key.binary ? { binary: true as const } : {}),
      db: key.db,
      type: key.type,
      change,
      before: old?.freq ?? null,
      after: key.freq,
      delta,
    });
  }
  for (const [id, key] of before) {
    if (!after.has(id)) {
      changes.push({
        id,
        name: key.name,
        ...(key.binary ? { binary: true as const } : {}),
        db: key.db,
        type: key.type,
        change: 'gone',
        before: key.freq,
        after: null,
        delta: -key.freq,
      });
    }
  }
  return changes.sort(
    (a, b) => order[a.change] - order[b.change] || Math.abs(b.delta) - Math.abs(a.delta) || compareText(a.name, b.name),
  );
}

/** Redis gives a new key this LFU counter, so a key that entered the list has risen only from here. */
const LFU_INIT = 5;

/**
 * The key whose heat rose most: a key new in the list from the initial counter, the others from their earlier
 * freq; ties go to the hotter key. A new key at a cold freq must not outrank existing keys that surged.
 */
export function becameHot(changes: readonly KeyChange[]): KeyChange | undefined {
  let best: { change: KeyChange; rise: number } | undefined;
  for (const change of changes) {
    if (change.after === null) continue;
    const rise = change.after - (change.before ?? LFU_INIT);
    if (rise <= 0) continue;
    if (!best || rise > best.rise || (rise === best.rise && change.after > (best.change.after ?? 0))) {
      best = { change, rise };
    }
  }
  return best?.change;
}
