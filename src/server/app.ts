import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTaskRequestSchema, type Task, taskListQuerySchema } from '../contract/hotkey-task';
import { autoscanUpdateSchema } from '../contract/autoscan';
import type { InstanceSummary } from '../contract/instance-summary';
import { ApiError, badRequest } from './http/api-error';
import { instanceIdSchema, parseWith, taskIdSchema } from './http/route-params';
import { DEFAULT_LFU, withLfuEstimates } from './lfu/estimate-lfu';
import { log } from './log';
import type { InstanceSource } from './sources/instance-source';
import type { SourceRegistry } from './sources/source-registry';

export interface AppDeps {
  registry: SourceRegistry;
  /** The built SPA; omitted in API-only tests. */
  staticDir?: string;
}

const MAX_BODY_BYTES = 16 * 1024;

/** An empty body means "defaults"; anything else must be a JSON object. */
async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('request body is not valid JSON');
  }
}

/** Every key served carries what its freq means, read with the instance's own LFU parameters. */
async function explainFreq(source: InstanceSource, instanceId: string, task: Task): Promise<Task> {
  if (!task.keys) return task;
  let lfu: InstanceSummary['lfu'];
  try {
    lfu = (await source.getInstance(instanceId)).lfu;
  } catch {
    lfu = undefined;
  }
  return { ...task, keys: withLfuEstimates(task.keys, lfu ?? DEFAULT_LFU) };
}

export function createApp({ registry, staticDir }: AppDeps): Hono {
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof ApiError) {
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
      return c.json(error.toBody(), error.status);
    }
    log.error('unexpected error', { path: c.req.path, method: c.req.method, error: String(error) });
    return c.json({ error_code: 'HOTKEYS.500', error_msg: 'internal error; see the BFF log' }, 500);
  });

  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error_code: 'HOTKEYS.413', error_msg: 'request body larger than 16 KiB' }, 413),
    }),
  );

  const api = new Hono();

  api.get('/health', (c) => c.json({ status: 'ok' }));
  api.get('/me', (c) => c.json({ user: 'local', role: 'operator', auth_mode: 'none' }));

  api.get('/instances', async (c) => c.json(await registry.listInstances()));

  const instance = async (raw: string) => {
    const id = parseWith(instanceIdSchema, raw, 'instance id');
    return { id, source: await registry.resolve(id) };
  };

  api.get('/instances/:id', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    return c.json(await source.getInstance(id));
  });

  api.post('/instances/:id/hotkey-tasks', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    const request = parseWith(createTaskRequestSchema, await readJsonBody(c.req.raw), 'analysis request');
    const task = await source.createTask(id, request);
    log.info('audit', { action: 'create-task', instance: id, task: task.id, result: 'ok' });
    return c.json(task);
  });

  api.get('/instances/:id/hotkey-tasks', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    const query = parseWith(taskListQuerySchema, c.req.query(), 'query');
    return c.json(await source.listTasks(id, query));
  });

  api.get('/instances/:id/hotkey-tasks/:taskId', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    const taskId = parseWith(taskIdSchema, c.req.param('taskId'), 'task id');
    return c.json(await explainFreq(source, id, await source.getTask(id, taskId)));
  });

  api.delete('/instances/:id/hotkey-tasks/:taskId', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    const taskId = parseWith(taskIdSchema, c.req.param('taskId'), 'task id');
    const task = await source.deleteTask(id, taskId);
    log.info('audit', { action: 'delete-task', instance: id, task: taskId, result: 'ok' });
    return c.json(task);
  });

  api.post('/instances/:id/hotkey-tasks/:taskId/cancel', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    const taskId = parseWith(taskIdSchema, c.req.param('taskId'), 'task id');
    if (!source.cancelTask) throw new ApiError(400, 'HOTKEYS.400', 'analyses of this source cannot be cancelled');
    const task = await source.cancelTask(id, taskId);
    log.info('audit', { action: 'cancel-task', instance: id, task: taskId, result: 'ok' });
    return c.json(task);
  });

  api.get('/instances/:id/hotkey-autoscan', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    if (!source.getAutoscan) throw new ApiError(404, 'HOTKEYS.404', 'this instance has no analysis schedule');
    return c.json(await source.getAutoscan(id));
  });

  api.put('/instances/:id/hotkey-autoscan', async (c) => {
    const { id, source } = await instance(c.req.param('id'));
    const update = parseWith(autoscanUpdateSchema, await readJsonBody(c.req.raw), 'schedule');
    if (!source.putAutoscan) throw new ApiError(404, 'HOTKEYS.404', 'this instance has no analysis schedule');
    return c.json(await source.putAutoscan(id, update));
  });

  api.all('*', (c) => {
    throw new ApiError(404, 'HOTKEYS.404', `no API route ${c.req.method} ${c.req.path}`);
  });

  app.route('/api', api);

  if (staticDir) {
    app.use('/*', serveStatic({ root: staticDir }));
    // Deep links (/instances/x/tasks/y) are SPA routes: answer them with the app shell.
    app.get('*', async (c) => c.html(await readFile(join(staticDir, 'index.html'), 'utf8')));
  }
  app.notFound((c) => c.json({ error_code: 'HOTKEYS.404', error_msg: 'not found' }, 404));
  return app;
}
