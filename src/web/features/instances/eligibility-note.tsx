import type { InstanceSummary } from '../../../contract/instance-summary';

/** Whether an analysis can run, and if not, why, in the BFF's words. */
export function EligibilityNote({ instance }: { instance: InstanceSummary }) {
  const { ok, reason } = instance.eligibility;
  return (
    <span className={ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-amber-800 dark:text-amber-300'}>
      <span className="font-medium">{ok ? 'Ready' : 'Not available'}</span>
      {reason && <span className="block text-xs">{reason}</span>}
    </span>
  );
}
