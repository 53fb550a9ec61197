import { expect } from 'vitest';
import { errorBodySchema } from '../src/contract/error-body';
import { isTerminal, type Task, taskSchema } from '../src/contract/hotkey-task';

/**
 * A small client for BFF tests: every answer is checked against the contract. It talks to a listening BFF, or
 * to one in process through that one's `fetch`.
 */
export function apiClient(baseUrl: string, send: typeof fetch = fetch) {
  const call = async (method: string, path: string, body?: string) => {
    const response = await send(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' },
      ...(body !== undefined ? { body } : {}),
    });
    const json: unknown = await response.json();
    if (response.status >= 400) expect(errorBodySchema.safeParse(json).success).toBe(true);
    return { status: response.status, json: json as Record<string, unknown> & { error_msg?: string } };
  };

  return {
    call,
    get: (path: string) => call('GET', path),
    async startTask(instanceId: string, body = '{"impact":"fast"}'): Promise<Task> {
      const { status, json } = await call('POST', `/api/instances/${instanceId}/hotkey-tasks`, body);
      expect(status, JSON.stringify(json)).toBe(200);
      return taskSchema.parse(json);
    },
    /** Polls like the SPA does until the task is terminal. */
    async waitForTask(instanceId: string, taskId: string, timeoutMs = 30_000): Promise<Task> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { json } = await call('GET', `/api/instances/${instanceId}/hotkey-tasks/${taskId}`);
        const task = taskSchema.parse(json);
        if (isTerminal(task.status)) return task;
        if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}
