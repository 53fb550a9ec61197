import { lazy, Suspense } from 'react';
import type { KeyRecord, Task } from '../../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { KeyName } from '../../../components/key-name';
import { StatePanel } from '../../../components/state-panel';
import { articleFor, formatByteRate, formatInteger, formatRate, formatSize } from '../../../lib/format';
import { sampledKeyId } from './ceiling-keys';
import { describeCommands } from './command-mix';

const ClientSharesChart = lazy(() => import('../charts/client-shares-chart'));

/**
 * The 95% interval of a measured rate: a key seen a few times in a short or duty-cycled window could have
 * run at a rate far from the count's, and the width says so.
 */
function RateInterval({ sample }: { sample: KeyRecord['sample'] }) {
  if (sample?.per_second_low === undefined || sample.per_second_high === undefined) return null;
  return (
    <span className="block text-xs font-normal text-slate-500 dark:text-slate-400" title="95% interval of the rate">
      {formatRate(sample.per_second_low)}–{formatRate(sample.per_second_high)}
    </span>
  );
}

/** Keys with a measured rate, fastest first, the first `limit` of them. */
export function SampledRatesTable({
  keys,
  showShard,
  showFreq,
  limit = 50,
}: {
  keys: readonly KeyRecord[];
  showShard: boolean;
  showFreq: boolean;
  limit?: number;
}) {
  const rows = [...keys].sort((a, b) => (b.sample?.per_second ?? 0) - (a.sample?.per_second ?? 0)).slice(0, limit);
  return (
    <div className="overflow-x-auto">
      <table className="data-table" aria-label="Measured access rates">
        <thead>
          <tr>
            <th>Key</th>
            <th className="text-right">Accesses/s (95% interval)</th>
            <th className="text-right">Seen</th>
            <th className="text-right">Bytes served/s (estimate)</th>
            <th>Commands</th>
            <th>Type</th>
            <th className="text-right">DB</th>
            {showShard && <th>Shard</th>}
            <th className="text-right">Size</th>
            {showFreq && <th className="text-right">Freq</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((key) => (
            <tr key={sampledKeyId(key)}>
              <td className="text-xs break-all">
                <KeyName name={key.name} binary={key.binary} />
              </td>
              <td className="text-right tabular-nums">
                <span className="font-semibold">{formatRate(key.sample?.per_second ?? 0)}</span>
                <RateInterval sample={key.sample} />
              </td>
              <td className="text-right tabular-nums">{formatInteger(key.sample?.count ?? 0)}</td>
              <td className="text-right tabular-nums whitespace-nowrap">
                {key.sample?.bytes_per_second === undefined ? '—' : formatByteRate(key.sample.bytes_per_second)}
              </td>
              <td className="text-xs">{describeCommands(key.sample?.commands ?? {})}</td>
              <td>{key.type === 'none' ? 'absent' : key.type}</td>
              <td className="text-right tabular-nums">{key.db}</td>
              {showShard && <td className="font-mono text-xs">{key.shard ?? '—'}</td>}
              <td className="text-right tabular-nums">{key.type === 'none' ? '—' : formatSize(key.size, key.unit)}</td>
              {showFreq && <td className="text-right tabular-nums">{key.freq ?? '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The measured rates of a sampling analysis, with what the window was and whether it was cut short. */
export function SampledRates({ instance, task }: { instance: InstanceSummary; task: Task }) {
  if (task.method !== 'sample' || !task.keys) return null;
  return (
    <section className="space-y-2" aria-label="Sampled access rates">
      <h3 className="text-base font-semibold">
        Accesses per second, measured over{' '}
        {task.seconds ? `${articleFor(task.seconds)} ${task.seconds} s window` : 'the window'}
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Every command MONITOR saw, counted per key: a multi-key command counts once for each key, a script once for each
        key it declares. “absent” keys were asked for but do not exist (cache misses).
        {!instance.eligibility.ok && ' This server has no LFU policy, so freq is not shown.'}
      </p>
      {task.note && (
        <StatePanel tone="warning" title="The window was cut short">
          {task.note}
        </StatePanel>
      )}
      {task.keys.length === 0 ? (
        <StatePanel tone="neutral" title="No key was accessed during the window">
          MONITOR ran but no command touched a key: the server was idle, or only keyless commands (PING, INFO...)
          arrived. Sample again while the traffic you want to see is flowing.
        </StatePanel>
      ) : (
        <>
          <SampledRatesTable
            keys={task.keys}
            showShard={instance.mode === 'cluster'}
            showFreq={instance.eligibility.ok}
          />
          {task.sampled?.clients && task.sampled.clients.length > 0 && (
            <Suspense fallback={<StatePanel tone="busy" title="Loading the chart…" />}>
              <ClientSharesChart
                title="Who sent the sampled accesses, over every key (share of all accesses)"
                clients={task.sampled.clients}
              />
            </Suspense>
          )}
        </>
      )}
    </section>
  );
}
