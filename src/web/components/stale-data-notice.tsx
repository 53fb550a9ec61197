import { StatePanel } from './state-panel';

/** A failed refresh keeps what was already shown and says so, rather than blanking the screen. */
export function StaleDataNotice({ error }: { error: Error }) {
  return (
    <StatePanel tone="warning" title="Lost contact with the dashboard server">
      Showing the last state received. {error.message}
    </StatePanel>
  );
}
