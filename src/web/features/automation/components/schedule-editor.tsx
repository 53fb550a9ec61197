import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type AutoscanConfig, autoscanUpdateSchema, scheduleTimeSchema } from '../../../../contract/autoscan';
import { updateAutoscanMutation } from '../../../api/queries/automation';
import { useOperatorOnly } from '../../session';
import { SaveButton, SettingsEditor } from './settings-editor';

/** Edits a copy of the saved schedule; nothing changes on the server until "Save schedule". */
export function ScheduleEditor({ saved }: { saved: AutoscanConfig }) {
  const [enabled, setEnabled] = useState(saved.enable_auto_scan);
  const [times, setTimes] = useState<string[]>(saved.schedule_at);
  const [entry, setEntry] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const update = useMutation(updateAutoscanMutation(useQueryClient(), saved.instance_id));
  const operate = useOperatorOnly('change the schedule');

  const add = () => {
    const time = entry.trim();
    if (!scheduleTimeSchema.safeParse(time).success)
      return setProblem(`"${time}" is not a UTC time HH:MM (00:00-23:59)`);
    if (times.includes(time)) return setProblem(`${time} is already in the schedule`);
    setProblem(null);
    setTimes([...times, time].sort());
    setEntry('');
  };

  const save = () => {
    const parsed = autoscanUpdateSchema.safeParse({ enable_auto_scan: enabled, schedule_at: times });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? 'invalid schedule');
    setProblem(null);
    update.mutate(parsed.data);
  };

  const dirty = enabled !== saved.enable_auto_scan || times.join() !== saved.schedule_at.join();
  return (
    <SettingsEditor
      label="Edit the schedule"
      operate={operate}
      onSave={save}
      problem={problem}
      save={update}
      saveFailed="Could not save the schedule"
    >
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Analyse automatically every day
      </label>
      <div className="flex flex-wrap items-center gap-1" aria-label="Times to save">
        {times.map((time) => (
          <span
            key={time}
            className="inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-sm dark:bg-slate-800"
          >
            <span className="tabular-nums">{time}</span>
            <button
              type="button"
              className="text-slate-500 hover:text-red-700"
              aria-label={`Remove ${time}`}
              onClick={() => setTimes(times.filter((t) => t !== time))}
            >
              ×
            </button>
          </span>
        ))}
        {times.length === 0 && <span className="text-sm text-slate-500">No times yet.</span>}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label className="text-sm" htmlFor="schedule-time">
          UTC time
        </label>
        <input
          id="schedule-time"
          className="input w-24 tabular-nums"
          placeholder="HH:MM"
          inputMode="numeric"
          maxLength={5}
          value={entry}
          onChange={(event) => setEntry(event.target.value)}
          onKeyDown={(event) => {
            // Enter adds the time being typed instead of saving a schedule without it.
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="btn" onClick={add} disabled={entry.trim() === ''}>
          Add time
        </button>
        <SaveButton operate={operate} save={update} disabled={!dirty}>
          Save schedule
        </SaveButton>
      </div>
    </SettingsEditor>
  );
}
