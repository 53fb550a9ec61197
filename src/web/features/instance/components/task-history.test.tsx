// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TaskList, TaskRecord } from '../../../../contract/hotkey-task';
import { meQuery } from '../../../api/queries/session';
import { taskListQuery } from '../../../api/queries/tasks';
import { TaskHistory } from './task-history';

const record = (n: number, fields: Partial<TaskRecord>): TaskRecord => ({
  id: `${String(n).repeat(8)}-0000-4000-8000-00000000000${n}`,
  status: 'success',
  scan_type: 'manual',
  created_at: '2026-03-01T10:00:00.000Z',
  started_at: '2026-03-01T10:00:00.000Z',
  finished_at: '2026-03-01T10:00:04.000Z',
  num: 100,
  ...fields,
});

const list: TaskList = {
  instance_id: 'orders',
  count: 3,
  records: [
    record(1, { impact: 'gentle', method: 'lfu' }),
    record(2, { method: 'sample', seconds: 5, scan_type: 'manual', num: 7 }),
    record(3, { scan_type: 'auto', status: 'failed', failure_reason: 'master 10.0.0.2:7001: no answer', num: null }),
  ],
};

beforeEach(() => vi.stubGlobal('fetch', () => Promise.reject(new TypeError('no network in component tests'))));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function openHistory() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(taskListQuery('orders', { offset: 0, limit: 10 }).queryKey, list);
  queryClient.setQueryData(meQuery().queryKey, { user: 'ada', role: 'operator', auth_mode: 'none' });
  const router = createMemoryRouter([
    { path: '/', element: <TaskHistory instanceId="orders" offset={0} onOffset={() => undefined} /> },
  ]);
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const rows = () =>
  within(screen.getByRole('region', { name: 'Analysis history' }))
    .getAllByRole('row')
    .slice(1);
const cellOf = (row: HTMLElement, label: string) => row.querySelector(`td[data-label="${label}"]`);

describe('a history row', () => {
  it('says the method and, for LFU scans, the impact', () => {
    openHistory();
    expect(rows().map((row) => cellOf(row, 'Method')?.textContent)).toEqual(['LFU, gentle', 'sampling, 5 s', 'LFU']);
    expect(rows().map((row) => cellOf(row, 'Scan')?.textContent)).toEqual(['manual', 'manual', 'auto']);
  });

  it('gives the start in UTC, the local time beside it where that differs', () => {
    openHistory();
    const started = cellOf(rows()[0]!, 'Started')!;
    expect(started.textContent).toMatch(/^2026-03-01 10:00:00 UTC/);
    expect(started.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T10:00:00.000Z');
  });

  it('names the analysis by its first 8 characters, the whole id on hover and in the link', () => {
    openHistory();
    const link = within(cellOf(rows()[0]!, 'Analysis') as HTMLElement).getByRole('link');
    const id = list.records[0]!.id;
    expect(link.getAttribute('href')).toBe(`/instances/orders/tasks/${id}`);
    expect(link.querySelector('[aria-hidden="true"]')?.textContent).toBe('11111111');
    expect(link.querySelector('[title]')?.getAttribute('title')).toBe(id);
    expect(link.textContent).toContain(id);
  });

  it('keeps a failure’s reason with its status', () => {
    openHistory();
    expect(cellOf(rows()[2]!, 'Status')?.textContent).toBe('failedmaster 10.0.0.2:7001: no answer');
    expect(cellOf(rows()[2]!, 'Keys')?.textContent).toBe('—');
  });
});
