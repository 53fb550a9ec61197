import { useQuery } from '@tanstack/react-query';
import type { InstanceSummary } from '../../../../contract/instance-summary';
import { alertRuleQuery } from '../../../api/queries/automation';
import { ErrorState } from '../../../components/error-state';
import { StatePanel } from '../../../components/state-panel';
import { AlertRuleEditor } from './alert-rule-editor';
import { SettingsCard } from './settings-card';

/** The instance's hot key alert rule and where alerts go. */
export function AlertCard({ instance }: { instance: InstanceSummary }) {
  const rule = useQuery(alertRuleQuery(instance.id));
  if (rule.isPending) return <StatePanel tone="busy" title="Loading the alert rule…" />;
  if (rule.isError) return <ErrorState error={rule.error} what="the alert rule" />;
  const saved = rule.data;
  return (
    <SettingsCard
      label="Hot key alert"
      title="Hot key alert"
      source={instance.source.kind}
      about={{
        dcs: 'Checked when the dashboard sees a DCS analysis finished (on this page or through the API), scheduled or manual; the webhook gets the offending keys and a link.',
        redis:
          'Checked after every analysis that finishes, scheduled or manual; the webhook gets the offending keys and a link.',
      }}
    >
      <p className="text-sm" data-testid="alert-rule">
        {saved.enabled && saved.freq_threshold !== null ? (
          <>
            <span className="font-medium">On:</span> a key with freq above {saved.freq_threshold}
            {saved.key_pattern && (
              <>
                {' '}
                matching <code className="font-mono">{saved.key_pattern}</code>
              </>
            )}{' '}
            raises an alert.
          </>
        ) : (
          <span className="text-slate-600 dark:text-slate-400">No alert is raised for this instance.</span>
        )}
      </p>
      {!saved.webhook_configured && (
        <StatePanel tone="warning" title="No webhook configured">
          Alerts are recorded below but not sent until the dashboard&apos;s configuration names the webhook:{' '}
          <code>alerts.webhookUrlEnv</code> (an environment variable holding the URL) or <code>alerts.webhookUrl</code>.
        </StatePanel>
      )}
      <AlertRuleEditor key={saved.updated_at ?? 'never saved'} saved={saved} />
    </SettingsCard>
  );
}
