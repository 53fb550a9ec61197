import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { ApiRequestError } from '../api/api-client';
import { meQuery } from '../api/queries/session';
import { StatePanel } from '../components/state-panel';
import { ThemeToggle } from '../components/theme-toggle';
import { SignInScreen, UserBadge } from '../features/session';

export function AppShell() {
  const me = useQuery(meQuery());
  const signedOut = me.error instanceof ApiRequestError && me.error.status === 401;
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-[1800px] items-center gap-4 px-4 py-2">
          <Link to="/" className="text-lg font-semibold">
            Redis hot keys
          </Link>
          <span className="ml-auto">{me.data && !signedOut && <UserBadge me={me.data} />}</span>
          <ThemeToggle />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-[1800px] px-4 py-4">
        {/* The page waits for /api/me, so a signed-out visitor sees the sign-in, not a screen of refusals. */}
        {me.isPending ? (
          <StatePanel tone="busy" title="Loading…" />
        ) : signedOut ? (
          // Data from before the 401 means this user was signed in: the session ended under them.
          <SignInScreen expired={me.data !== undefined} />
        ) : (
          <Suspense fallback={<StatePanel tone="busy" title="Loading…" />}>
            <Outlet />
          </Suspense>
        )}
      </main>
    </div>
  );
}
