// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Task } from '../../../contract/hotkey-task';
import { alertDeliveriesQuery, alertRuleQuery, autoscanQuery, scheduleRunsQuery } from '../../api/queries/automation';
import { instanceQuery } from '../../api/queries/instances';
import { meQuery } from '../../api/queries/session';
import { taskListQuery, taskQuery } from '../../api/queries/tasks';
import { watchListQuery } from '../../api/queries/watches';
import { instanceRoute, instanceUrl } from '../../lib/app-urls';
import InstancePage from './instance-page';
import { redisInstanceSummary } from '../../../../test-support/instance-summary';

const instance = redisInstanceSummary();

const running: Task = {
  id: 'task-1',
  instance_id: instance.id,
  status: 'running',
  scan_type: 'manual',
  created_at: '2026-03-01T10:00:00.000Z',
  started_at: '2026-03-01T10:00:00.000Z',
  method: 'lfu',
};
const list = (task: Task) => ({ instance_id: instance.id, count: 1, records: [task] });
const deliveries = { instance_id: instance.id, webhook_configured: true, records: [] };
const runs = { instance_id: instance.id, records: [] };

let fetchCalls: string[];

/** The BFF as it answers once the analysis has finished. */
function answer(path: string): unknown {
  const finished = { ...running, status: 'success', finished_at: '2026-03-01T10:00:05.000Z', num: 0, keys: [] };
  if (path.endsWith('/hotkey-alerts')) return deliveries;
  if (path.endsWith('/hotkey-autoscan/runs')) return runs;
  if (path.includes('/hotkey-tasks?')) return list(finished as Task);
  if (path.endsWith('/hotkey-tasks/task-1')) return finished;
  if (path.endsWith('/watches')) return { instance_id: instance.id, records: [] };
  if (path.endsWith('/hotkey-autoscan')) {
    return { instance_id: instance.id, enable_auto_scan: false, schedule_at: [], updated_at: null };
  }
  if (path.endsWith('/hotkey-alert-rule')) {
    return {
      instance_id: instance.id,
      enabled: false,
      freq_threshold: null,
      key_pattern: null,
      updated_at: null,
      webhook_configured: true,
    };
  }
  if (path === `/api/instances/${instance.id}`) return instance;
  throw new Error(`unexpected request ${path}`);
}

beforeEach(() => {
  fetchCalls = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const path = String(input);
    fetchCalls.push(path);
    return new Response(JSON.stringify(answer(path)), { headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the instance page while an analysis runs', () => {
  it('reads history, schedule runs and alert deliveries again when the analysis ends, without a reload', async () => {
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    queryClient.setQueryData(instanceQuery(instance.id).queryKey, instance);
    queryClient.setQueryData(meQuery().queryKey, { user: 'ada', role: 'operator', auth_mode: 'token' });
    queryClient.setQueryData(taskListQuery(instance.id, { offset: 0, limit: 1 }).queryKey, list(running));
    queryClient.setQueryData(taskListQuery(instance.id, { offset: 0, limit: 10 }).queryKey, list(running));
    queryClient.setQueryData(taskQuery(instance.id, running.id).queryKey, running);
    queryClient.setQueryData(watchListQuery(instance.id).queryKey, { instance_id: instance.id, records: [] });
    queryClient.setQueryData(autoscanQuery(instance.id).queryKey, answer('/hotkey-autoscan') as never);
    queryClient.setQueryData(alertRuleQuery(instance.id).queryKey, answer('/hotkey-alert-rule') as never);
    queryClient.setQueryData(alertDeliveriesQuery(instance.id).queryKey, deliveries);
    queryClient.setQueryData(scheduleRunsQuery(instance.id, false).queryKey, runs);
    const router = createMemoryRouter([{ path: instanceRoute, element: <InstancePage /> }], {
      initialEntries: [instanceUrl(instance.id)],
    });
    render(
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText(/Analysing/)).toBeTruthy();
    expect(fetchCalls.filter((path) => !path.endsWith('/hotkey-tasks/task-1'))).toEqual([]);

    // The running task's own poll (it is never fresh) sees it finish; the page follows without a reload.
    expect(await screen.findByText(/View results/)).toBeTruthy();
    await vi.waitFor(() =>
      expect(fetchCalls).toEqual(
        expect.arrayContaining([
          '/api/instances/cache-1/hotkey-tasks?offset=0&limit=10',
          '/api/instances/cache-1/hotkey-autoscan/runs',
          '/api/instances/cache-1/hotkey-alerts',
        ]),
      ),
    );
  });
});
