import type { ReactNode } from 'react';
import { ActionForm } from '../../../components/action-form';
import { MutationError } from '../../../components/mutation-error';
import type { OperatorOnly } from '../../session';

/**
 * The frame of an editor for one saved setting of the instance: its controls, why the draft cannot be saved,
 * and why saving failed, in that order on every such card.
 */
export function SettingsEditor({
  label,
  operate,
  onSave,
  problem,
  save,
  saveFailed,
  notes,
  children,
}: {
  label: string;
  operate: OperatorOnly;
  onSave: () => void;
  /** What is wrong with the draft, found before it is sent. */
  problem: string | null;
  save: { error: Error | null };
  saveFailed: string;
  notes?: ReactNode;
  children: ReactNode;
}) {
  return (
    <ActionForm
      className="space-y-2 border-t border-slate-200 pt-3 dark:border-slate-800"
      label={label}
      onSubmit={onSave}
    >
      {/* Viewers see the editor as it would work, every control disabled. */}
      <fieldset className="space-y-2" disabled={!operate.allowed}>
        {children}
      </fieldset>
      {operate.note}
      {notes}
      {problem && <p className="text-sm text-red-700 dark:text-red-400">{problem}</p>}
      <MutationError mutation={save} title={saveFailed} />
    </ActionForm>
  );
}

/** The editor's submit button; viewers get the reason it is disabled as its description. */
export function SaveButton({
  operate,
  save,
  disabled = false,
  children,
}: {
  operate: OperatorOnly;
  save: { isPending: boolean };
  disabled?: boolean;
  children: string;
}) {
  return (
    <button type="submit" className="btn btn-primary" disabled={disabled || save.isPending} {...operate.buttonProps}>
      {save.isPending ? 'Saving…' : children}
    </button>
  );
}
