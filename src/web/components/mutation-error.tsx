import { StatePanel } from './state-panel';

/** Why an action the user asked for failed, said where they asked for it; nothing while it has not failed. */
export function MutationError({ mutation, title }: { mutation: { error: Error | null }; title: string }) {
  if (!mutation.error) return null;
  return (
    <StatePanel tone="error" title={title}>
      {mutation.error.message}
    </StatePanel>
  );
}
