import { useQuery } from '@tanstack/react-query';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { autoscanQuery } from '../../../api/queries/automation';
import { ErrorState } from '../../../components/error-state';
import { StatePanel } from '../../../components/state-panel';
import { formatDuration, formatLocal, formatUtc } from '../../../lib/format';
import { useNow } from '../../../lib/use-now';
import { localClockTime, utcClockTime } from '../clock-time';
import { nextRuns } from '../next-runs';
import { ScheduleEditor } from './schedule-editor';
import { SettingsCard } from './settings-card';

/** The daily schedule as saved: each time in UTC and local time, the next run, and the editor. */
export function ScheduleCard({ instance }: { instance: InstanceSummary }) {
  const autoscan = useQuery(autoscanQuery(instance.id));
  const now = new Date(useNow(true, 30_000));
  if (autoscan.isPending) return <StatePanel tone="busy" title="Loading the schedule…" />;
  if (autoscan.isError) return <ErrorState error={autoscan.error} what="the analysis schedule" />;
  const saved = autoscan.data;
  // Each time's next occurrence gives its local reading for the right day (daylight saving moves it).
  const times = saved.schedule_at.map((time) => ({ time, at: nextRuns([time], now, 1)[0]! }));
  const next = saved.enable_auto_scan ? nextRuns(saved.schedule_at, now, 1)[0] : undefined;
  return (
    <SettingsCard
      label="Analysis schedule"
      title="Daily schedule"
      source={instance.source.kind}
      about={{
        dcs: 'Kept by DCS, which starts these analyses itself.',
        redis:
          'The dashboard starts an analysis at each time (scan type "auto", with the impact configured for the source, gentle by default); it skips a time while another analysis is still running.',
      }}
    >
      <p className="text-sm" data-testid="next-run">
        {next ? (
          <>
            <span className="font-medium">Next run:</span> {formatUtc(next.toISOString())} (
            {formatLocal(next.toISOString())} local), in {formatDuration(next.getTime() - now.getTime())}
          </>
        ) : (
          <span className="text-slate-600 dark:text-slate-400">
            {saved.enable_auto_scan ? 'No time set.' : 'Automatic analysis is off.'}
          </span>
        )}
      </p>
      {times.length > 0 && (
        <table className="data-table" aria-label="Scheduled times">
          <thead>
            <tr>
              <th>UTC</th>
              <th>Local time</th>
            </tr>
          </thead>
          <tbody>
            {times.map(({ time, at }) => (
              <tr key={time} className={saved.enable_auto_scan ? '' : 'text-slate-400'}>
                <td className="tabular-nums">{utcClockTime(at)}</td>
                <td className="tabular-nums">{localClockTime(at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {saved.updated_at && (
        <p className="text-xs text-slate-500 dark:text-slate-400">Last changed {formatLocal(saved.updated_at)}</p>
      )}
      <ScheduleEditor key={saved.updated_at ?? 'never saved'} saved={saved} />
    </SettingsCard>
  );
}
