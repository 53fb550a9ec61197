// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyRecord, LfuEstimate, Task } from '../../../contract/hotkey-task';
import type { InstanceSummary } from '../../../contract/instance-summary';
import type { Role } from '../../../contract/session';
import { instanceQuery } from '../../api/queries/instances';
import { meQuery } from '../../api/queries/session';
import { taskListQuery, taskQuery } from '../../api/queries/tasks';
import { taskRoute, taskUrl } from '../../lib/app-urls';
import { redisInstanceSummary } from '../../../../test-support/instance-summary';
import AnalysisPage from './analysis-page';

const ceiling: LfuEstimate = { hits: 311_500, per_second_floor: 41.68, at_ceiling: true };

const key = (name: string, fields: Partial<KeyRecord>): KeyRecord => ({
  name,
  type: 'string',
  db: 0,
  size: 10,
  unit: 'byte',
  freq: 10,
  ...fields,
});

/** By freq, hottest first: queue:mail, session:abc, user:1 (all 255), user:2, cart:9, plain, user:cold. */
const keys: KeyRecord[] = [
  key('user:1', { size: 120, freq: 255, lfu_estimate: ceiling }),
  key('session:abc', { size: 300, freq: 255, lfu_estimate: ceiling }),
  key('queue:mail', { type: 'list', size: 3, unit: 'count', freq: 255, lfu_estimate: ceiling }),
  key('user:2', {
    type: 'hash',
    db: 1,
    size: 40,
    unit: 'count',
    freq: 200,
    lfu_estimate: { hits: 88_123, per_second_floor: 1.2, at_ceiling: false },
  }),
  key('cart:9', {
    type: 'hash',
    db: 1,
    size: 12,
    unit: 'count',
    freq: 90,
    lfu_estimate: { hits: 5200, per_second_floor: 0.4, at_ceiling: false },
  }),
  key('plain', { size: 5, freq: 40 }),
  key('user:cold', { size: 8, freq: 12, lfu_estimate: { hits: 100, per_second_floor: 0.05, at_ceiling: false } }),
];

const instance = redisInstanceSummary();

const finishedTask = (id: string, taskKeys: KeyRecord[]): Task => ({
  id,
  instance_id: instance.id,
  status: 'success',
  scan_type: 'manual',
  created_at: '2026-03-01T10:00:00.000Z',
  started_at: '2026-03-01T10:00:00.000Z',
  finished_at: '2026-03-01T10:00:05.000Z',
  num: taskKeys.length,
  keys: taskKeys,
  impact: 'gentle',
  method: 'lfu',
});

const task = finishedTask('task-1', keys);

let fetchCalls: string[];

beforeEach(() => {
  // Every answer the page needs is in the cache; a request would mean a factory's key no longer matches.
  fetchCalls = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL) => {
    fetchCalls.push(String(input));
    return Promise.reject(new TypeError('no network in component tests'));
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  expect(fetchCalls).toEqual([]);
});

/** Opens the analysis page at `search`, as a shared link would, with the BFF's answers already cached. */
function openAnalysis(
  search: string,
  {
    shown = task,
    on = instance,
    role = 'operator',
    others = [],
  }: { shown?: Task; on?: InstanceSummary; role?: Role; others?: Task[] } = {},
) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  queryClient.setQueryData(instanceQuery(on.id).queryKey, on);
  queryClient.setQueryData(taskQuery(on.id, shown.id).queryKey, shown);
  queryClient.setQueryData(taskListQuery(on.id, { offset: 0, limit: 100 }).queryKey, {
    instance_id: on.id,
    count: 1 + others.length,
    records: [shown, ...others],
  });
  queryClient.setQueryData(meQuery().queryKey, { user: 'ada', role, auth_mode: 'token' });
  const router = createMemoryRouter([{ path: taskRoute, element: <AnalysisPage /> }], {
    initialEntries: [`${taskUrl(on.id, shown.id)}${search}`],
  });
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { search: () => router.state.location.search, user: userEvent.setup() };
}

const keyTable = () => screen.getByRole('table', { name: 'Hot keys' });
const rowsOf = (table: HTMLElement) => within(table).getAllByRole<HTMLTableRowElement>('row').slice(1);
const shownNames = () => rowsOf(keyTable()).map((row) => row.cells[0]?.textContent);
const rowOf = (name: string) => {
  const row = rowsOf(keyTable()).find((r) => r.cells[0]?.textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
};
const selectedTab = () => screen.getByRole('tab', { selected: true }).textContent;
const keyCount = () => screen.getByTestId('key-count').textContent;

describe('the analysis view in the URL', () => {
  it('opens the view a shared link describes: filters, sort, chart tab and selected key', async () => {
    openAnalysis('?type=hash&sort=size&dir=asc&chart=db&key=1%2Fuser%3A2');
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(selectedTab()).toBe('By database');
    expect(keyCount()).toBe('2 of 7 keys');
    expect(screen.getByTestId('filters-in-words').textContent).toContain('filtered to type hash');
    expect(shownNames()).toEqual(['cart:9', 'user:2']);
    expect(screen.getByRole('columnheader', { name: /Size/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(rowOf('user:2').getAttribute('aria-selected')).toBe('true');
    expect(rowOf('cart:9').getAttribute('aria-selected')).toBe('false');
    expect(screen.getByText('Selected:').parentElement?.textContent).toContain('user:2');
  });

  it('writes what the user picks back to the URL, and that URL reopens the same view', async () => {
    const { search, user } = openAnalysis('');
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(search()).toBe('');
    expect(shownNames()).toEqual(['queue:mail', 'session:abc', 'user:1', 'user:2', 'cart:9', 'plain', 'user:cold']);

    await user.click(screen.getByRole('tab', { name: 'By type' }));
    await user.click(screen.getByRole('button', { name: 'Size' }));
    await user.click(rowOf('user:2').cells[0]!);
    const link = search();
    expect(link).toBe('?sort=size&chart=type&key=1%2Fuser%3A2');
    const order = shownNames();

    cleanup();
    openAnalysis(link);
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(selectedTab()).toBe('By type');
    expect(shownNames()).toEqual(order);
    expect(rowOf('user:2').getAttribute('aria-selected')).toBe('true');
  });

  it('clears the selection from the URL when the selected row is clicked again', async () => {
    const { search, user } = openAnalysis('?key=0%2Fplain');
    await screen.findByRole('table', { name: 'Hot keys' });
    await user.click(rowOf('plain').cells[0]!);
    expect(search()).toBe('');
    expect(screen.queryByText('Selected:')).toBeNull();
  });
});

describe('the filter bar', () => {
  it('narrows the shown keys as a name is typed, and keeps the text in the URL', async () => {
    const { search, user } = openAnalysis('');
    await user.type(await screen.findByRole('searchbox'), 'user');
    expect(search()).toBe('?q=user');
    expect(shownNames()).toEqual(['user:1', 'user:2', 'user:cold']);
    expect(keyCount()).toBe('3 of 7 keys');

    // With * ? or [ the text is a glob anchored at both ends, like SCAN MATCH.
    await user.type(screen.getByRole('searchbox'), ':?');
    expect(search()).toBe('?q=user%3A%3F');
    expect(shownNames()).toEqual(['user:1', 'user:2']);
  });

  it('filters by type with the chips, one URL value per chip', async () => {
    const { search, user } = openAnalysis('');
    const types = await screen.findByRole('group', { name: 'Type' });
    await user.click(within(types).getByRole('button', { name: 'hash' }));
    expect(search()).toBe('?type=hash');
    expect(shownNames()).toEqual(['user:2', 'cart:9']);
    await user.click(within(types).getByRole('button', { name: 'list' }));
    expect(search()).toBe('?type=hash&type=list');
    expect(shownNames()).toEqual(['queue:mail', 'user:2', 'cart:9']);
    expect(within(types).getByRole('button', { name: 'list' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('goes back to the first page when a filter changes which rows exist', async () => {
    const many = Array.from({ length: 60 }, (_, i) => key(`bulk:${String(i).padStart(2, '0')}`, { freq: 100 + i }));
    const { search, user } = openAnalysis('?page=1', { shown: finishedTask('task-many', many) });
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(within(screen.getByRole('navigation', { name: 'Key pages' })).getByText('51–60 of 60')).toBeTruthy();
    expect(shownNames()[0]).toBe('bulk:09');

    await user.type(screen.getByRole('spinbutton', { name: 'Minimum freq' }), '150');
    expect(search()).toBe('?minFreq=150');
    expect(keyCount()).toBe('10 of 60 keys');
    expect(shownNames()[0]).toBe('bulk:59');
  });

  it('clears every filter but keeps the chart and sort', async () => {
    const { search, user } = openAnalysis('?type=hash&q=user&minFreq=10&sort=name&chart=db');
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(shownNames()).toEqual(['user:2']);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(search()).toBe('?sort=name&chart=db');
    expect(keyCount()).toBe('7 of 7 keys');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).toBeNull();
  });
});

describe('freq, explained where it is shown', () => {
  const freqCell = (name: string) => rowOf(name).cells[5]?.textContent;

  it('gives each freq its estimate in one wording: about, rough, at the ceiling, or none from the server', async () => {
    openAnalysis('');
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(screen.getByRole('columnheader', { name: /Freq \(LFU counter\)/ })).toBeTruthy();
    expect(freqCell('user:2')).toBe('200about 88k hits; at least 1.2/s if still this hot');
    expect(freqCell('cart:9')).toBe('90about 5.2k hits; at least 0.4/s if still this hot');
    expect(freqCell('user:cold')).toBe('12about 100 hits (rough); at least 3.0/min if still this hot');
    expect(freqCell('user:1')).toBe('255312k+ hits (at the ceiling); at least 42/s if still this hot');
    expect(freqCell('plain')).toBe('40no estimate from the server');
  });

  it('explains what freq means with the instance’s own LFU parameters', async () => {
    const { user } = openAnalysis('', { on: { ...instance, lfu: { log_factor: 100, decay_time: 2, known: true } } });
    const summary = await screen.findByText('What does freq mean?');
    await user.click(summary);
    const explanation = summary.closest('details')!;
    expect(explanation.open).toBe(true);
    expect(explanation.textContent).toContain('logarithmic');
    expect(explanation.textContent).toContain('the counter drops by one for every 2 minutes the key is left alone');
    expect(explanation.textContent).toContain(
      'With lfu-log-factor 100, the ceiling 255 takes about 3.1M hits, or about 208/s sustained.',
    );
    expect(screen.queryByText('Estimates assume the Redis defaults')).toBeNull();
  });

  it('says when the estimates rest on the Redis defaults because the server did not tell its parameters', async () => {
    openAnalysis('', { on: { ...instance, lfu: undefined } });
    const warning = await screen.findByText('Estimates assume the Redis defaults');
    expect(warning.parentElement?.textContent).toContain('(factor 10, decay 1 minute)');
    expect(screen.getByText('What does freq mean?').closest('details')?.textContent).toContain(
      'With lfu-log-factor 10, the ceiling 255 takes about 312k hits, or about 42/s sustained.',
    );
  });

  it('warns that keys at the ceiling cannot be ranked by freq, and offers operators a sampling to rank them', async () => {
    openAnalysis('');
    const warning = await screen.findByText('3 keys share the ceiling freq 255');
    expect(warning.parentElement?.textContent).toContain('raise lfu-log-factor (now 10)');
    const ranking = screen.getByRole('region', { name: 'Rank the keys at 255' });
    expect(within(ranking).getByRole('heading').textContent).toBe('Rank the 3 keys at 255 by sampling');
    const start = within(ranking).getByRole('button', { name: 'Sample for 5 s and rank them' }) as HTMLButtonElement;
    expect(start.disabled).toBe(false);
  });

  it('shows viewers the ranking offer disabled, with whom to ask', async () => {
    openAnalysis('', { role: 'viewer' });
    const ranking = await screen.findByRole('region', { name: 'Rank the keys at 255' });
    const start = within(ranking).getByRole('button', { name: 'Sample for 5 s and rank them' }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    expect(within(ranking).getByText('Viewers can look and share; ask an operator to start samplings.')).toBeTruthy();
  });

  it('offers no ranking when the filters leave fewer than two keys at the ceiling', async () => {
    openAnalysis('?q=user');
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(screen.queryByText(/share the ceiling freq 255/)).toBeNull();
    expect(screen.queryByRole('region', { name: 'Rank the keys at 255' })).toBeNull();
  });
});

describe('the compare picker', () => {
  it('names each other finished analysis by time in UTC, method and impact, key count and short id', async () => {
    const sampled: Task = {
      ...finishedTask('5a5a5a5a-0000-4000-8000-000000000005', keys.slice(0, 2)),
      started_at: '2026-02-28T09:00:00.000Z',
      method: 'sample',
      seconds: 5,
      impact: null,
    };
    const failed: Task = { ...finishedTask('f0f0f0f0-0000', []), status: 'failed' };
    openAnalysis('', { others: [sampled, failed] });
    const picker = await screen.findByRole('combobox', { name: /Compare with/ });
    expect(
      within(picker)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['no comparison', '2026-02-28 09:00:00 UTC · sampling, 5 s · 2 keys · 5a5a5a5a']);
  });
});

describe('a sampling result', () => {
  const measured = (perSecond: number, bytes: number, extra: Partial<NonNullable<KeyRecord['sample']>> = {}) => ({
    count: perSecond * 8,
    per_second: perSecond,
    commands: { GET: perSecond * 8 },
    writes: 0,
    whole_reads: perSecond * 8,
    bytes_per_second: bytes,
    ...extra,
  });
  // Freq order (77, 74, 72) is not the measured order: the table and chart must follow the measurement.
  const sampledKeys: KeyRecord[] = [
    key('by:freq', { freq: 77, sample: measured(900, 900) }),
    key('mid', { freq: 74, sample: measured(1875, 1875 * 2000), size: 2000 }),
    key('fastest', {
      freq: 72,
      size: 7,
      sample: measured(3000, 21_000, {
        clients: [
          { addr: '10.0.0.5:51234', name: 'checkout-svc', lib: null, count: 18_000, per_second: 2250, share: 0.75 },
          { addr: '10.0.0.6:40000', name: null, lib: null, count: 6000, per_second: 750, share: 0.25 },
        ],
      }),
    }),
  ];
  const sampling: Task = { ...finishedTask('sample-1', sampledKeys), method: 'sample', seconds: 8, impact: null };

  it('ranks by the measured rate by default, offers bytes served, and charts what was measured', async () => {
    const { search, user } = openAnalysis('', { shown: sampling });
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(shownNames()).toEqual(['fastest', 'mid', 'by:freq']);
    expect(screen.getByRole('columnheader', { name: /Accesses\/s \(measured\)/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    expect(selectedTab()).toBe('Top by accesses/s');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).not.toContain('Top by freq');
    expect(screen.getByRole('heading', { name: 'Accesses per second, measured over an 8 s window' })).toBeTruthy();
    expect(search()).toBe('');
    await user.click(screen.getByRole('button', { name: /Bytes served\/s/ }));
    expect(shownNames()).toEqual(['mid', 'fastest', 'by:freq']);
    expect(search()).toBe('?sort=bytes');
    // Freq stays as a secondary column.
    expect(rowOf('by:freq').textContent).toContain('77');
  });

  it('shows who drives the selected key and the advice with the figures it rests on', async () => {
    openAnalysis(`?key=${encodeURIComponent('0/fastest')}`, { shown: sampling });
    const clients = await screen.findByText('checkout-svc');
    expect(clients.closest('tr')?.textContent).toContain('75%');
    expect(screen.getByText('10.0.0.6:40000').closest('tr')?.textContent).toContain('no name set');
    const advice = within(screen.getByRole('region', { name: 'Advice' }));
    expect(advice.getByText(/^Look at checkout-svc first/)).toBeTruthy();
    expect(advice.getByText(/Measured: checkout-svc \(10\.0\.0\.5:51234\) sent 75% of the accesses/)).toBeTruthy();
  });

  it('keeps the freq chart and sort for LFU results', async () => {
    openAnalysis('');
    await screen.findByRole('table', { name: 'Hot keys' });
    expect(selectedTab()).toBe('Top by freq');
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).not.toContain('Top by accesses/s');
  });
});
