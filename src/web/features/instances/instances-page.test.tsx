// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { redisInstanceSummary } from '../../../../test-support/instance-summary';
import type { InstanceList } from '../../../contract/instance-summary';
import { instancesQuery } from '../../api/queries/instances';
import { InstancesPage } from './instances-page';

const base = redisInstanceSummary({
  id: 'orders',
  name: 'Orders cache',
  source: { id: 'orders', kind: 'redis', name: 'Orders cache' },
  engine: 'redis',
  last_analysis: null,
});

const list: InstanceList = {
  instances: [
    {
      ...base,
      last_analysis: {
        id: '1a2b3c4d-0000-4000-8000-000000000001',
        finished_at: '2026-03-01T10:00:05.000Z',
        method: 'lfu',
        num: 100,
        top_key: { name: 'user:\u202e42', db: 0, freq: 255 },
      },
    },
    {
      ...base,
      id: 'sessions',
      name: 'Sessions',
      source: { id: 'sessions', kind: 'redis', name: 'Sessions' },
      engine: 'valkey',
      engine_version: '8.0.1',
      mode: 'cluster',
      shard_count: 3,
      last_analysis: {
        id: '9f8e7d6c-0000-4000-8000-000000000002',
        finished_at: '2026-03-01T11:00:00.000Z',
        method: 'sample',
        num: 12,
        top_key: { name: '\\xff\\x01', binary: true, db: 0, freq: null, per_second: 812.4 },
      },
      stale: { checked_at: '2026-03-01T12:34:56.000Z', reason: 'no answer within 1 s' },
    },
    {
      ...base,
      id: '5560df16-cebf-4473-95c4-d1b573c16e79',
      name: 'orders-cloud',
      source: { id: 'otc', kind: 'dcs', name: 'OTC eu-de production' },
      engine_version: '5.0',
      last_analysis: undefined,
    },
    { ...base, id: 'fresh', name: 'Fresh', source: { id: 'fresh', kind: 'redis', name: 'Fresh' } },
  ],
  source_errors: [],
};

beforeEach(() => vi.stubGlobal('fetch', () => Promise.reject(new TypeError('no network in component tests'))));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function openList() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(instancesQuery().queryKey, list);
  const router = createMemoryRouter([{ path: '/', element: <InstancesPage /> }]);
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

const rowOf = (name: string) => {
  const row = screen.getAllByRole<HTMLTableRowElement>('row').find((r) => within(r).queryByRole('link', { name }));
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};
const cell = (name: string, label: string) => rowOf(name).querySelector(`td[data-label="${label}"]`)?.textContent;

describe('the instance list', () => {
  it('has no column that repeats the name; the source is named under it only where it says more', () => {
    openList();
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Name',
      'Engine',
      'Mode',
      'Status',
      'Last analysis',
      'Hot key analysis',
    ]);
    expect(rowOf('Orders cache').cells[0]?.textContent).toBe('Orders cacheorders · Redis');
    expect(rowOf('orders-cloud').cells[0]?.textContent).toContain('DCS cloud · OTC eu-de production');
  });

  it('names the engine by its own name and version', () => {
    openList();
    expect(cell('Orders cache', 'Engine')).toBe('Redis 7.0.15');
    expect(cell('Sessions', 'Engine')).toBe('Valkey 8.0.1');
    expect(cell('Sessions', 'Mode')).toBe('cluster, 3 shards');
  });

  it('shows the last analysis: when in UTC, how, and its hottest key with freq or measured rate', () => {
    openList();
    const lfu = rowOf('Orders cache').querySelector('td[data-label="Last analysis"]')!;
    expect(lfu.textContent).toContain('2026-03-01 10:00:05 UTC');
    expect(lfu.textContent).toContain('LFU, 100 keys');
    // The key name's bidi override is shown as a token, not obeyed.
    expect(within(lfu as HTMLElement).getByTestId('hottest-key').textContent).toBe('hottest user:\\u202E42 · freq 255');
    expect(
      within(lfu as HTMLElement)
        .getByRole('link')
        .getAttribute('href'),
    ).toBe('/instances/orders/tasks/1a2b3c4d-0000-4000-8000-000000000001');
    expect(screen.getAllByTestId('hottest-key')[1]?.textContent).toBe('hottest bytes\\xff\\x01 · 812/s measured');
    expect(cell('Fresh', 'Last analysis')).toBe('none yet');
    expect(cell('orders-cloud', 'Last analysis')).toBe('not known here: open the instance');
  });

  it('shows an instance whose source did not answer in time as not answering, with when it last did', () => {
    openList();
    expect(cell('Sessions', 'Status')).toBe('not answering (last known 12:34:56 UTC)');
    expect(cell('Orders cache', 'Status')).toBe('RUNNING');
  });
});
