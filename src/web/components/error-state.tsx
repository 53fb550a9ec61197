import { ApiRequestError } from '../api/api-client';
import { StatePanel } from './state-panel';

/** Turns any failed request into words an operator can act on. */
export function ErrorState({ error, what }: { error: Error; what: string }) {
  if (error instanceof ApiRequestError) {
    const hint = error.body?.hint;
    if (error.upstreamDown) {
      return (
        <StatePanel tone="error" title={`Cannot load ${what}: the source is unreachable`}>
          <p>{error.message}</p>
          {hint && <p>{hint}</p>}
          <p>The dashboard retries when you reload; check that the server behind it is up.</p>
        </StatePanel>
      );
    }
    if (error.status === 401 || error.status === 403) {
      return (
        <StatePanel tone="warning" title={`You have no permission to see ${what}`}>
          <p>{error.message}</p>
          {hint && <p>{hint}</p>}
        </StatePanel>
      );
    }
    if (error.status === 404) {
      return (
        <StatePanel tone="warning" title={`No such ${what}`}>
          <p>{error.message}</p>
          {hint && <p>{hint}</p>}
        </StatePanel>
      );
    }
  }
  return (
    <StatePanel tone="error" title={`Cannot load ${what}`}>
      <p>{error.message}</p>
      {error instanceof ApiRequestError && error.body?.hint && <p>{error.body.hint}</p>}
    </StatePanel>
  );
}
