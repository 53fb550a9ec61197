// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyHistory } from '../../../contract/key-history';
import { instanceQuery } from '../../api/queries/instances';
import { keyHistoryQuery } from '../../api/queries/key-history';
import { meQuery } from '../../api/queries/session';
import { keyRoute, keyUrl } from '../../lib/app-urls';
import KeyPage from './key-page';
import { redisInstanceSummary } from '../../../../test-support/instance-summary';

const instance = redisInstanceSummary();

const LFU = { log_factor: 10, decay_time: 1 };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute)).toISOString();
const point = (minute: number, freq: number) => ({
  task_id: `t${minute}`,
  at: at(minute),
  method: 'lfu' as const,
  scan_type: 'watch' as const,
  freq,
  lfu: LFU,
  lfu_estimate: { hits: 1000 * freq, per_second_floor: freq / 10, at_ceiling: false },
});

const history = (points: KeyHistory['points'], notListed: KeyHistory['not_listed'] = []): KeyHistory => ({
  instance_id: instance.id,
  db: 1,
  key: 'user:1',
  encoding: 'utf8',
  points,
  not_listed: notListed,
  analyses_kept: points.length + notListed.length + 2,
  active: null,
});

let fetchCalls: string[];
beforeEach(() => {
  fetchCalls = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    fetchCalls.push(String(input));
    return Promise.reject(new TypeError('no network in component tests'));
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** Opens a key page link with the BFF's answer for that key in the cache (or none, to see the request fail). */
function openKey(link: string, answer?: KeyHistory) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(instanceQuery(instance.id).queryKey, instance);
  queryClient.setQueryData(meQuery().queryKey, { user: 'ada', role: 'viewer', auth_mode: 'token' });
  if (answer) {
    queryClient.setQueryData(keyHistoryQuery(instance.id, { db: answer.db, key: answer.key }).queryKey, answer);
  }
  const router = createMemoryRouter([{ path: keyRoute, element: <KeyPage /> }], { initialEntries: [link] });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

describe('the key page', () => {
  it('opens the key a shared link names, with its first sighting, its trend and the gaps', async () => {
    const link = keyUrl(instance.id, { db: 1, name: 'user:1' });
    expect(link).toBe('/instances/cache-1/keys?db=1&key=user%3A1');
    openKey(link, history([point(0, 20), point(2, 30), point(3, 41)], [{ ...point(1, 0), num: 100 }]));
    expect(await screen.findByRole('heading', { name: 'Key user:1' })).toBeTruthy();
    expect(screen.getByText(/First seen in the top list:/).parentElement?.textContent).toContain(
      '2026-03-01 12:00:00 UTC',
    );
    const trend = screen.getByTestId('key-trend');
    expect(trend.dataset.direction).toBe('rising');
    expect(trend.textContent).toContain('freq 20 → 30 → 41');
    const table = screen.getByRole('table', { name: 'Analyses of this key' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('41'),
      expect.stringContaining('30'),
      expect.stringContaining('not in the top 100 of this analysis'),
      expect.stringContaining('20'),
    ]);
    expect(screen.getByText(/not a count/)).toBeTruthy();
    expect(fetchCalls).toEqual([]);
  });

  it('says a fall decay alone explains is idle decay', async () => {
    openKey('/instances/cache-1/keys?db=1&key=user%3A1', history([point(0, 40), point(3, 38)]));
    const trend = await screen.findByTestId('key-trend');
    expect(trend.dataset.direction).toBe('falling');
    expect(trend.textContent).toMatch(/Falling by idle decay.*lfu-decay-time 1/);
  });

  it('has a face for a key never listed, a link without a key, and an unreachable server', async () => {
    openKey('/instances/cache-1/keys?db=1&key=user%3A1', history([]));
    expect(await screen.findByText('Not in the top list of any kept analysis')).toBeTruthy();
    cleanup();

    openKey('/instances/cache-1/keys?db=0x1&key=user%3A1');
    expect(await screen.findByText('Which key?')).toBeTruthy();
    expect(fetchCalls).toEqual([]);
    cleanup();

    openKey('/instances/cache-1/keys?db=2&key=other');
    expect(await screen.findByText(/Cannot load the timeline of key other: the source is unreachable/)).toBeTruthy();
    expect(fetchCalls).toEqual(['/api/instances/cache-1/key-history?db=2&key=other']);
  });
});
