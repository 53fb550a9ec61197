import type { Watch, WatchSeries } from '../../contract/watch';
import { LFU_INIT } from '../lfu/estimate-lfu';
import { byTime, type KeyHistoryStore, type KeyReading, type StoredKeyName } from '../history/key-history-store';

/** Lines a watch page draws: enough to compare, few enough to tell apart. */
export const SERIES_KEYS = 8;

type Measure = WatchSeries['measure'];

const readingOf = (reading: KeyReading, measure: Measure): number | null =>
  measure === 'freq' ? reading.freq : reading.sample_per_second;

const idOf = (key: StoredKeyName) => `${key.db}/${key.encoding}/${key.name}`;

/**
 * A watch's top keys over its iterations, from the key rows: the keys hottest in the latest finished iteration,
 * plus the one that rose most since the iteration before. A key the iteration before did not list was not above
 * its lowest reading, so it rises from there (or, with nothing listed, from where a new key starts: freq 5, or
 * no accesses): a key hovering at the edge of the top N is not a riser.
 */
export async function watchSeries(store: KeyHistoryStore, watch: Watch): Promise<WatchSeries> {
  const measure: Measure = watch.method === 'sample' ? 'per_second' : 'freq';
  const iterations = byTime(await store.finished(watch.instance_id, watch.id));
  const latest = iterations.at(-1);
  const previous = iterations.at(-2);
  const base = { watch_id: watch.id, instance_id: watch.instance_id, measure };
  const timeline = iterations.map(({ task_id, at, num }) => ({ task_id, at, num }));
  if (!latest) return { ...base, iterations: timeline, keys: [], rose_most: null };

  const now = (await store.keysOf(latest.task_id))
    .map((key) => ({ key, value: readingOf(key, measure) }))
    .filter((entry): entry is { key: (typeof entry)['key']; value: number } => entry.value !== null)
    .sort((a, b) => b.value - a.value || a.key.name.localeCompare(b.key.name));
  const before = new Map(
    (previous ? await store.keysOf(previous.task_id) : []).map((key) => [idOf(key), readingOf(key, measure)]),
  );
  let roseMost: WatchSeries['rose_most'] = null;
  if (previous) {
    const listed = [...before.values()].filter((value): value is number => value !== null);
    const floor = Math.max(measure === 'freq' ? LFU_INIT : 0, ...(listed.length ? [Math.min(...listed)] : []));
    for (const { key, value } of now) {
      const was = before.get(idOf(key)) ?? null;
      const rise = value - (was ?? floor);
      if (rise > 0 && (!roseMost || rise > roseMost.rise || (rise === roseMost.rise && value > roseMost.after))) {
        roseMost = {
          db: key.db,
          name: key.name,
          encoding: key.encoding,
          before: was,
          after: value,
          rise,
          from_task: previous.task_id,
          to_task: latest.task_id,
        };
      }
    }
  }

  const chosen: StoredKeyName[] = now.slice(0, SERIES_KEYS).map(({ key }) => key);
  if (roseMost && !chosen.some((key) => idOf(key) === idOf(roseMost))) chosen.push(roseMost);
  const keys = await Promise.all(
    chosen.map(async (key) => {
      const byTask = new Map(
        (await store.readings(watch.instance_id, key))
          .filter((reading) => reading.watch_id === watch.id)
          .map((reading) => [reading.task_id, readingOf(reading, measure)]),
      );
      return {
        db: key.db,
        name: key.name,
        encoding: key.encoding,
        values: iterations.map((iteration) => byTask.get(iteration.task_id) ?? null),
      };
    }),
  );
  return { ...base, iterations: timeline, keys, rose_most: roseMost };
}
