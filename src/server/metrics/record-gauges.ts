import { Gauge, type Registry } from 'prom-client';
import type { KeyRecord, Task } from '../../contract/hotkey-task';
import type { InstanceList } from '../../contract/instance-summary';
import { explainFreq } from '../lfu/estimate-lfu';
import type { SourceReachability } from '../sources/source-registry';
import type { LatestAnalyses } from '../store/task-store';
import { keyLabel } from './key-label';

export interface RecordGaugeDeps {
  /** The store's newest analyses per instance; a networked store answers asynchronously. */
  latestAnalyses(): LatestAnalyses[] | Promise<LatestAnalyses[]>;
  /** The registry's listing, which answers within 1 s whatever a source does. */
  sources: {
    listInstances(): Promise<InstanceList>;
    reachability(listing: InstanceList): SourceReachability[];
  };
  /** How many keys of each instance's newest successful analysis are exported. */
  topKeys: number;
}

interface Snapshot {
  analyses: { instance_id: string; ended: Task; top: Task | null }[];
  sources: SourceReachability[];
}

type Sample<L extends string> = [Partial<Record<L, string>>, number];

/** One read per scrape, however many gauges ask during it: they all start collecting in the same tick. */
function oncePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => (current ??= read().finally(() => (current = undefined)));
}

/** The analysis's own ranking: measured rate for a sampling, freq for the LFU method. */
function hottest(task: Task, k: number): KeyRecord[] {
  const measure = (key: KeyRecord) => (task.method === 'sample' ? (key.sample?.per_second ?? 0) : (key.freq ?? -1));
  return [...(task.keys ?? [])].sort((a, b) => measure(b) - measure(a)).slice(0, k);
}

const seconds = (timestamp: string) => Date.parse(timestamp) / 1000;
const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/**
 * Gauges of what the records say, computed at each scrape from the store and the registry (prom-client
 * `collect`), never from this process's memory: two BFFs on one store export the same values, and a restart
 * loses none of them. The instance label is `instance_id`: Prometheus gives every scraped series an
 * `instance` label of its own (the scrape target), and would rename ours to `exported_instance`.
 */
export function registerRecordGauges(registry: Registry, deps: RecordGaugeDeps): void {
  const snapshot = oncePerScrape(async (): Promise<Snapshot> => {
    const [latest, listing] = await Promise.all([deps.latestAnalyses(), deps.sources.listInstances()]);
    // DCS records carry no LFU parameters: the listing's (the instance's current ones) give their freqs a meaning.
    const lfuOf = new Map(listing.instances.map((i) => [i.id, i.lfu]));
    const analyses = await Promise.all(
      latest.map(async ({ instance_id, ended, succeeded }) => ({
        instance_id,
        ended,
        top:
          succeeded &&
          (await explainFreq({ ...succeeded, keys: hottest(succeeded, deps.topKeys) }, async () =>
            lfuOf.get(instance_id),
          )),
      })),
    );
    return { analyses, sources: deps.sources.reachability(listing) };
  });

  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    samples: (snapshot: Snapshot) => Sample<L>[],
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const values = samples(await snapshot());
        this.reset();
        for (const [labels, value] of values) this.set(labels, value);
      },
    });

  const perEnded = (value: (task: Task) => number | null | undefined) => (s: Snapshot) =>
    s.analyses.flatMap(({ instance_id, ended }): Sample<'instance_id'>[] => {
      const v = value(ended);
      return v === null || v === undefined || Number.isNaN(v) ? [] : [[{ instance_id }, v]];
    });
  gauge(
    'hotkeys_last_analysis_end_time_seconds',
    'When the newest analysis of the instance that has ended (success or failed) ended, as a Unix time.',
    ['instance_id'],
    perEnded((task) => (task.finished_at ? seconds(task.finished_at) : null)),
  );
  gauge(
    'hotkeys_last_analysis_duration_seconds',
    'How long the newest ended analysis of the instance ran, from its start (or creation) to its end.',
    ['instance_id'],
    perEnded((task) =>
      task.finished_at ? secondsBetween(task.started_at ?? task.created_at, task.finished_at) : null,
    ),
  );
  gauge(
    'hotkeys_last_analysis_success',
    'Whether the newest ended analysis of the instance succeeded (1) or failed (0).',
    ['instance_id'],
    perEnded((task) => (task.status === 'success' ? 1 : 0)),
  );
  gauge(
    'hotkeys_last_analysis_keys',
    'How many keys the newest ended analysis of the instance kept (its top N).',
    ['instance_id'],
    perEnded((task) => task.num),
  );

  const keyLabels = ['instance_id', 'db', 'key', 'binary'] as const;
  const perTopKey = (value: (key: KeyRecord) => number | null | undefined) => (s: Snapshot) =>
    s.analyses.flatMap(({ instance_id, top }) =>
      (top?.keys ?? []).flatMap((key): Sample<(typeof keyLabels)[number]>[] => {
        const v = value(key);
        if (v === null || v === undefined) return [];
        const labels = { instance_id, db: String(key.db), key: keyLabel(key.name) };
        // `\xff` is the escaped byte 0xff only with the flag; without it, four characters.
        return [[key.binary ? { ...labels, binary: 'true' } : labels, v]];
      }),
    );
  gauge(
    'hotkeys_top_key_freq',
    'LFU counter (OBJECT FREQ, logarithmic, 0-255) of the top keys of the newest successful analysis of the instance.',
    keyLabels,
    perTopKey((key) => key.freq),
  );
  gauge(
    'hotkeys_top_key_estimated_hits',
    'Accesses it takes to build the top key\'s freq from a new key, by the instance\'s lfu-log-factor (README "What freq means").',
    keyLabels,
    perTopKey((key) => key.lfu_estimate?.hits),
  );
  gauge(
    'hotkeys_top_key_sampled_accesses_per_second',
    'Accesses per second of the top key measured by a sampling analysis (MONITOR window).',
    keyLabels,
    perTopKey((key) => key.sample?.per_second),
  );

  gauge(
    'hotkeys_source_reachable',
    'Whether the source answered its listing within 1 s with every instance reachable (1) or not (0).',
    ['source', 'kind'],
    (s) => s.sources.map((source) => [{ source: source.id, kind: source.kind }, source.reachable ? 1 : 0]),
  );
}
