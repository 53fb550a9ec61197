import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../contract/error-body';
import { taskSchema } from '../contract/hotkey-task';
import { InMemorySource } from '../../test-support/in-memory-source';
import { type InProcessBff, startInProcessBff } from '../../test-support/in-process-bff';
import type { RawRequest } from '../../test-support/raw-http';

/**
 * The app's routes answering in process, against in-memory sources that count the calls they get: who may do
 * what, what a source without a capability answers, and the one shape of every error.
 */

const TOKENS = { ALICE_TOKEN: 'alice-operator-token-0123456789', BOB_TOKEN: 'bob-viewer-token-0123456789abc' };
const RULES = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };
const ALICE = { ...RULES, authorization: `Bearer ${TOKENS.ALICE_TOKEN}` };
const BOB = { ...RULES, authorization: `Bearer ${TOKENS.BOB_TOKEN}` };

/** A source whose server fails in a way nobody planned for, with details no client may see. */
class BrokenSource extends InMemorySource {
  override async getInstance(): Promise<never> {
    throw new Error('connect ECONNREFUSED redis://default:hunter2@10.0.0.7:6379');
  }
}

const source = new InMemorySource({ id: 'memory', instances: ['cache'] });
const limited = new InMemorySource({ id: 'limited', instances: ['plain'], cancel: false, autoscan: false });
const broken = new BrokenSource({ id: 'broken', instances: ['down'] });
let bff: InProcessBff;
let taskId: string;

beforeAll(async () => {
  bff = startInProcessBff({
    sources: [source, limited, broken],
    auth: {
      mode: 'token',
      tokens: [
        { user: 'alice', role: 'operator', tokenEnv: 'ALICE_TOKEN' },
        { user: 'bob', role: 'viewer', tokenEnv: 'BOB_TOKEN' },
      ],
    },
    env: TOKENS,
  });
  const started = await bff.request({ method: 'POST', path: '/api/instances/cache/hotkey-tasks', headers: ALICE });
  taskId = taskSchema.parse(started.json).id;
});

afterAll(async () => {
  await bff?.close();
});

const READS = (id: string): string[] => [
  '/api/me',
  '/api/instances',
  `/api/instances/${id}`,
  `/api/instances/${id}/hotkey-tasks`,
  `/api/instances/${id}/hotkey-autoscan`,
  `/api/instances/${id}/hotkey-autoscan/runs`,
  `/api/instances/${id}/hotkey-alert-rule`,
  `/api/instances/${id}/hotkey-alerts`,
];

/** Every state change, with a valid body, and the words its refusal names it by. */
const CHANGES = (): [RawRequest, RegExp][] => [
  [{ method: 'POST', path: '/api/instances/cache/hotkey-tasks', body: '{"impact":"fast"}' }, /start analyses/],
  [{ method: 'POST', path: `/api/instances/cache/hotkey-tasks/${taskId}/cancel` }, /cancel analyses/],
  [
    {
      method: 'PUT',
      path: '/api/instances/cache/hotkey-autoscan',
      body: '{"enable_auto_scan":false,"schedule_at":[]}',
    },
    /change schedules/,
  ],
  [
    { method: 'PUT', path: '/api/instances/cache/hotkey-alert-rule', body: '{"enabled":true,"freq_threshold":10}' },
    /change alert rules/,
  ],
  [{ method: 'DELETE', path: `/api/instances/cache/hotkey-tasks/${taskId}` }, /delete analyses/],
];

describe('roles', () => {
  it('let a viewer read every route', async () => {
    for (const path of [...READS('cache'), `/api/instances/cache/hotkey-tasks/${taskId}`]) {
      const response = await bff.request({ path, headers: BOB });
      expect(`${path} -> ${response.status}`).toBe(`${path} -> 200`);
    }
  });

  it('refuse every change of a viewer with 403 before any source is asked', async () => {
    for (const [request, action] of CHANGES()) {
      const calls = source.callCount();
      const response = await bff.request({ ...request, headers: BOB });
      const what = `${request.method} ${request.path}`;
      expect(`${what} -> ${response.status}`).toBe(`${what} -> 403`);
      expect(errorBodySchema.parse(response.json)).toMatchObject({ error_code: 'HOTKEYS.403' });
      expect(errorBodySchema.parse(response.json).error_msg).toMatch(/^bob is a viewer: only operators may /);
      expect(errorBodySchema.parse(response.json).error_msg, what).toMatch(action);
      expect(source.callCount() - calls, `source calls for ${what}`).toBe(0);
    }
  });

  it('let an operator make each of those changes', async () => {
    const changes = () => source.callCount('createTask', 'cancelTask', 'putAutoscan', 'deleteTask');
    const before = changes();
    for (const [request] of CHANGES()) {
      const response = await bff.request({ ...request, headers: ALICE });
      expect(`${request.method} ${request.path} -> ${response.status}`).toBe(
        `${request.method} ${request.path} -> 200`,
      );
    }
    // the alert rule is the BFF's own, kept beside the source, not in it
    expect(changes() - before).toBe(4);
  });
});

describe('a source without a capability', () => {
  it('answers 400 to a cancel and 404 to its schedule, after asking which source owns the id', async () => {
    const cancel = await bff.request({
      method: 'POST',
      path: `/api/instances/plain/hotkey-tasks/${taskId}/cancel`,
      headers: ALICE,
    });
    expect(cancel.status).toBe(400);
    expect(errorBodySchema.parse(cancel.json).error_msg).toMatch(/cannot be cancelled/);
    for (const method of ['GET', 'PUT']) {
      const body = method === 'PUT' ? '{"enable_auto_scan":false,"schedule_at":[]}' : undefined;
      const schedule = await bff.request({
        method,
        path: '/api/instances/plain/hotkey-autoscan',
        headers: ALICE,
        body,
      });
      expect(schedule.status, method).toBe(404);
      expect(errorBodySchema.parse(schedule.json).error_msg).toMatch(/no analysis schedule/);
    }
    expect(limited.callCount('ownsInstance')).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  it("pass a source's own error through with its status and code", async () => {
    const gone = await bff.request({
      path: '/api/instances/cache/hotkey-tasks/00000000-0000-4000-8000-00000000dead',
      headers: BOB,
    });
    expect(gone.status).toBe(404);
    expect(errorBodySchema.parse(gone.json)).toMatchObject({ error_code: 'HOTKEYS.404' });
  });

  it('answer what nobody planned for with a 500 JSON body that tells nothing of it', async () => {
    const response = await bff.request({ path: '/api/instances/down', headers: BOB });
    expect(response.status).toBe(500);
    expect(errorBodySchema.parse(response.json)).toEqual({
      error_code: 'HOTKEYS.500',
      error_msg: 'internal error; see the BFF log',
    });
    expect(response.text).not.toMatch(/hunter2|10\.0\.0\.7|ECONNREFUSED/);
  });

  it('answer an unknown API route with a JSON 404 naming it', async () => {
    const response = await bff.request({ method: 'GET', path: '/api/instances/cache/hotkey-nothing', headers: BOB });
    expect(response.status).toBe(404);
    expect(errorBodySchema.parse(response.json).error_msg).toBe('no API route GET /api/instances/cache/hotkey-nothing');
  });
});
