import { Suspense } from 'react';
import { Link, Outlet } from 'react-router';
import { StatePanel } from '../components/state-panel';
import { ThemeToggle } from '../components/theme-toggle';
import { useMe } from '../features/me/api/get-me';

export function AppShell() {
  const me = useMe();
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
          <span className="ml-auto text-sm text-slate-500 dark:text-slate-400">
            {/* Without sign-in there is no one to name; with it, say who and what they may do. */}
            {me.data?.auth_mode !== 'none' &&
              me.data &&
              `${me.data.user ?? 'signed in'} · ${me.data.role === 'viewer' ? 'viewer (read only)' : 'operator'}`}
          </span>
          <ThemeToggle />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-[1800px] px-4 py-4">
        <Suspense fallback={<StatePanel tone="busy" title="Loading…" />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
