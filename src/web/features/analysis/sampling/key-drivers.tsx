import { lazy, Suspense } from 'react';
import type { KeyRecord } from '../../../../contract/hotkey-task';
import { adviseKey, HOT_PER_SECOND } from '../../../../contract/key-advice';
import { StatePanel } from '../../../components/state-panel';
import { formatByteRate, formatRate } from '../../../lib/format';
import { describeCommands } from './command-mix';

const ClientSharesChart = lazy(() => import('../charts/client-shares-chart'));

/** Reads and writes apart, where the record kept the count of writes (versions before did not). */
function describeMix(sample: NonNullable<KeyRecord['sample']>): string | null {
  if (sample.writes === undefined || sample.count === 0) return null;
  const writeShare = sample.writes / sample.count;
  return `reads ${formatRate(sample.per_second * (1 - writeShare))}, writes ${formatRate(sample.per_second * writeShare)}`;
}

/**
 * What drives a sampled key: who sends its accesses, with which commands, how many bytes its replies carry,
 * and what the advice rules conclude from those figures (each with the figures it fired on).
 */
export function KeyDrivers({ keyRecord, keys }: { keyRecord: KeyRecord; keys: readonly KeyRecord[] }) {
  const sample = keyRecord.sample;
  if (!sample) return null;
  const advice = adviseKey(keyRecord, keys);
  const mix = describeMix(sample);
  return (
    <div className="space-y-3" aria-label="What drives this key">
      <p className="text-sm">
        {formatRate(sample.per_second)} measured{mix && ` (${mix})`}
        {sample.bytes_per_second !== undefined &&
          `; about ${formatByteRate(sample.bytes_per_second)} served (estimate)`}
        . Commands: {describeCommands(sample.commands)}.
      </p>
      {sample.clients && sample.clients.length > 0 ? (
        <Suspense fallback={<StatePanel tone="busy" title="Loading the chart…" />}>
          <ClientSharesChart
            title="Who sends this key's accesses (share of the sampled accesses)"
            clients={sample.clients}
          />
        </Suspense>
      ) : (
        <StatePanel tone="neutral" title="No per-client figures">
          This analysis was recorded before the dashboard attributed accesses to clients. Sample again to see who drives
          this key.
        </StatePanel>
      )}
      <section aria-label="Advice">
        <h4 className="text-sm font-semibold">Advice, from the figures measured</h4>
        {advice.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {sample.per_second < HOT_PER_SECOND
              ? `None: the rules apply from ${HOT_PER_SECOND} accesses/s, and this key was measured at ${formatRate(sample.per_second)}.`
              : 'None: no rule matches what was measured (the rules are listed in the README).'}
          </p>
        ) : (
          <ul className="space-y-1 text-sm">
            {advice.map((item) => (
              <li
                key={item.rule}
                className="rounded border border-sky-200 bg-sky-50 px-3 py-1.5 dark:border-sky-800 dark:bg-sky-950"
              >
                {item.advice}
                <span className="block text-xs text-slate-600 dark:text-slate-400">Measured: {item.evidence}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
