// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../../contract/session';
import type { Watch, WatchSeries } from '../../../contract/watch';
import { instanceQuery } from '../../api/queries/instances';
import { meQuery } from '../../api/queries/session';
import { watchQuery, watchSeriesQuery } from '../../api/queries/watches';
import { watchRoute, watchUrl } from '../../lib/app-urls';
import WatchPage from './watch-page';
import { redisInstanceSummary } from '../../../../test-support/instance-summary';

const instance = redisInstanceSummary();

const watch = (status: Watch['status']): Watch => ({
  id: 'w-1',
  instance_id: instance.id,
  status,
  method: 'lfu',
  every_seconds: 30,
  for_seconds: 900,
  started_at: '2026-03-01T12:00:00.000Z',
  ends_at: '2026-03-01T12:15:00.000Z',
  task_ids: ['t1', 't2', 't3'],
  started_by: 'alice',
  ended_at: status === 'running' ? null : '2026-03-01T12:01:40.000Z',
  end_reason: status === 'stopped' ? 'stopped by alice' : null,
  skips: [{ at: '2026-03-01T12:01:30.000Z', reason: 'analysis t9 was still running' }],
});

const series: WatchSeries = {
  watch_id: 'w-1',
  instance_id: instance.id,
  measure: 'freq',
  iterations: [
    { task_id: 't1', at: '2026-03-01T12:00:00.000Z', num: 3 },
    { task_id: 't2', at: '2026-03-01T12:00:30.000Z', num: 3 },
    { task_id: 't3', at: '2026-03-01T12:01:00.000Z', num: 3 },
  ],
  keys: [
    { name: 'driven', db: 0, encoding: 'utf8', values: [10, 20, 45] },
    { name: 'steady', db: 0, encoding: 'utf8', values: [30, 30, 30] },
  ],
  rose_most: {
    name: 'driven',
    db: 0,
    encoding: 'utf8',
    before: 20,
    after: 45,
    rise: 25,
    from_task: 't2',
    to_task: 't3',
  },
};

beforeEach(() => {
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('no network in component tests')));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function openWatch(shown: Watch, role: Role = 'operator') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(instanceQuery(instance.id).queryKey, instance);
  queryClient.setQueryData(meQuery().queryKey, { user: 'ada', role, auth_mode: 'token' });
  queryClient.setQueryData(watchQuery(instance.id, shown.id).queryKey, shown);
  queryClient.setQueryData(watchSeriesQuery(instance.id, shown.id, false).queryKey, series);
  const router = createMemoryRouter([{ path: watchRoute, element: <WatchPage /> }], {
    initialEntries: [watchUrl(instance.id, shown.id)],
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('the watch page', () => {
  it('names the key that rose most, links it to its timeline, and offers operators the stop', async () => {
    openWatch(watch('running'));
    const rose = await screen.findByTestId('rose-most');
    expect(rose.textContent).toContain('driven');
    expect(rose.textContent).toContain('20 → 45');
    // In the sentence and in the table: both open the key's timeline.
    const links = screen.getAllByRole('link', { name: 'driven' }).map((link) => link.getAttribute('href'));
    expect(links).toEqual(['/instances/cache-1/keys?db=0&key=driven', '/instances/cache-1/keys?db=0&key=driven']);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('LFU scan (gentle) every 30 s for 15 min');
    expect(screen.getByText(/3 iterations \(live\)/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Stop watch' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByText(/1 iteration skipped/)).toBeTruthy();
  });

  it('explains the stop to a viewer instead of hiding it', async () => {
    openWatch(watch('running'), 'viewer');
    const stop = (await screen.findByRole('button', { name: 'Stop watch' })) as HTMLButtonElement;
    expect(stop.disabled).toBe(true);
    expect(screen.getByText(/ask an operator to stop watches/)).toBeTruthy();
  });

  it('shows an ended watch as it ended, without a stop and without "live"', async () => {
    openWatch(watch('stopped'));
    expect(await screen.findByText(/stopped by alice/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Stop watch' })).toBeNull();
    expect(screen.queryByText(/\(live\)/)).toBeNull();
  });
});
