import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type AlertRule, alertRuleUpdateSchema } from '../../../../contract/hotkey-alerts';
import { updateAlertRuleMutation } from '../../../api/queries/automation';
import { useOperatorOnly } from '../../session';
import { SaveButton, SettingsEditor } from './settings-editor';

/** Edits the alert rule; the threshold is compared with freq, the logarithmic LFU counter. */
export function AlertRuleEditor({ saved }: { saved: AlertRule }) {
  const [enabled, setEnabled] = useState(saved.enabled);
  const [threshold, setThreshold] = useState(String(saved.freq_threshold ?? 100));
  const [pattern, setPattern] = useState(saved.key_pattern ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const update = useMutation(updateAlertRuleMutation(useQueryClient(), saved.instance_id));
  const operate = useOperatorOnly('change the alert rule');

  const save = () => {
    const parsed = alertRuleUpdateSchema.safeParse({
      enabled,
      freq_threshold: threshold.trim() === '' ? Number.NaN : Number(threshold),
      key_pattern: pattern.trim() === '' ? null : pattern.trim(),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setProblem(
        issue?.path[0] === 'freq_threshold'
          ? 'The threshold is a whole number from 0 to 254.'
          : (issue?.message ?? 'invalid rule'),
      );
      return;
    }
    setProblem(null);
    update.mutate(parsed.data);
  };

  return (
    <SettingsEditor
      label="Edit the alert rule"
      operate={operate}
      onSave={save}
      problem={problem}
      save={update}
      saveFailed="Could not save the alert rule"
      notes={
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Freq is the LFU counter (0–255, logarithmic). With Redis defaults a key settles at 100 near 16 reads/s and at
          200 near 33/s. The pattern is a Redis glob such as <code>user:*</code>.
        </p>
      }
    >
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Alert when an analysis finds a hot key
      </label>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor="alert-threshold">Freq above</label>
        <input
          id="alert-threshold"
          className="input w-20 tabular-nums"
          inputMode="numeric"
          value={threshold}
          onChange={(event) => setThreshold(event.target.value)}
        />
        <label htmlFor="alert-pattern">for keys matching</label>
        <input
          id="alert-pattern"
          className="input w-40 font-mono"
          placeholder="any key"
          value={pattern}
          onChange={(event) => setPattern(event.target.value)}
        />
        <SaveButton operate={operate} save={update}>
          Save rule
        </SaveButton>
      </div>
    </SettingsEditor>
  );
}
