import type { InstanceSummary } from '../../../contract/instance-summary';

/** In the picker: an instance the LFU scan refuses can still be sampled. */
export function SamplingOffer({ instance }: { instance: InstanceSummary }) {
  if (instance.eligibility.ok || !instance.sampling?.ok) return null;
  return (
    <span className="block text-xs font-medium text-sky-700 dark:text-sky-400">
      Sampling available (MONITOR for a short window)
    </span>
  );
}
