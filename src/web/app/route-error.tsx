import { isRouteErrorResponse, useRouteError } from 'react-router';
import { StatePanel } from '../components/state-panel';

/** A lazily loaded screen whose file is gone: the server was updated since this page was opened. */
const isStaleChunk = (error: unknown) =>
  error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message);

/** Shown instead of a blank page when a screen throws; the address stays, so a reload restores the view. */
export function RouteError() {
  const error = useRouteError();
  const reload = (
    <button className="btn mt-2" onClick={() => window.location.reload()}>
      Reload
    </button>
  );
  if (isStaleChunk(error)) {
    return (
      <StatePanel tone="warning" title="The dashboard was updated">
        <p>This page was opened before the update. Reload to continue; the view is kept in the address.</p>
        {reload}
      </StatePanel>
    );
  }
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <StatePanel tone="error" title="Something went wrong on this screen">
      <p>{message}</p>
      {reload}
    </StatePanel>
  );
}
