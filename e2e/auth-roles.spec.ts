import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { LFU_ARGS } from '../src/server/embedded/start-embedded-sources';
import { findFreePort } from '../src/server/local-redis/free-port';
import { type RedisServerProcess, startRedisServer } from '../src/server/local-redis/redis-server-process';
import { type SeededDatabase, seedStandalone } from '../src/server/local-redis/seed-workload';
import { type SpawnedBff, startBff } from '../test-support/spawn-bff';
import { IDENTITY_HEADER, type IdentityProxy, startIdentityProxy } from '../test-support/identity-proxy';

/**
 * Roles through `proxy` mode, as behind oauth2-proxy: the BFF trusts only 127.0.0.2, where the identity
 * proxy forwards from; an operator (group "sre") and a viewer use the SPA through it.
 */
test.describe.configure({ mode: 'serial' });

const INSTANCE = 'roles-standalone';
const IDENTITIES = {
  operator: { user: 'olga', email: 'olga@example.org', groups: ['dev', 'sre'] },
  viewer: { user: 'victor', email: 'victor@example.org', groups: ['support'] },
};

let redis: RedisServerProcess;
let seeded: SeededDatabase[];
let dir: string;
let bff: SpawnedBff;
let proxy: IdentityProxy;
let taskPath: string;

test.beforeAll(async () => {
  redis = await startRedisServer({ args: LFU_ARGS });
  seeded = await seedStandalone(redis.url, 1, { coldKeys: 300, warmKeys: 8, hottestHits: 3000 });
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-roles-'));
  // Browsers reach the dashboard by the proxy's name, which the proxy passes on as Host: its publicUrl.
  const proxyPort = await findFreePort();
  bff = await startBff({
    dir,
    compiled: true,
    config: {
      auth: { mode: 'proxy', trustedProxies: ['127.0.0.2/32'], operatorGroups: ['sre'] },
      publicUrl: `http://127.0.0.1:${proxyPort}`,
      sources: [{ kind: 'redis', id: INSTANCE, name: 'Roles standalone', url: redis.url }],
    },
  });
  proxy = await startIdentityProxy(bff.url, IDENTITIES, '127.0.0.2', proxyPort);
});

test.afterAll(async () => {
  await proxy?.close();
  await bff?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A browser whose every request reaches the BFF through the proxy as the given person. */
async function pageAs(browser: Browser, who: keyof typeof IDENTITIES): Promise<Page> {
  const context = await browser.newContext({ baseURL: proxy.url });
  await context.setExtraHTTPHeaders({ [IDENTITY_HEADER]: who });
  return context.newPage();
}

const keyRows = (page: Page) => page.getByRole('table', { name: 'Hot keys' }).locator('tbody tr');

test('the operator starts an analysis; the viewer sees the action disabled and why', async ({ browser }) => {
  const operator = await pageAs(browser, 'operator');
  await operator.goto(`/instances/${INSTANCE}`);
  await expect(operator.getByRole('banner')).toContainText('olga');
  await operator.getByRole('button', { name: 'Start analysis' }).click();
  // The result opens by itself once the analysis succeeds.
  await expect(operator).toHaveURL(/\/tasks\//, { timeout: 30_000 });
  await expect(
    operator.getByRole('navigation', { name: 'Breadcrumb' }).getByText('success', { exact: true }),
  ).toBeVisible();
  await expect(keyRows(operator).first().locator('td').first()).toHaveText(seeded[0]!.hottestKey);
  taskPath = new URL(operator.url()).pathname;

  const viewer = await pageAs(browser, 'viewer');
  await viewer.goto(`/instances/${INSTANCE}`);
  await expect(viewer.getByRole('banner')).toContainText('victor · viewer');
  await expect(viewer.getByRole('button', { name: 'Start analysis' })).toBeDisabled();
  await expect(viewer.getByRole('button', { name: 'Start analysis' })).toHaveAccessibleDescription(
    'Viewers can look and share; ask an operator to start analyses.',
  );
  await expect(viewer.getByRole('button', { name: /^Delete analysis/ }).first()).toBeDisabled();
  await expect(viewer.getByRole('region', { name: 'Analysis history' })).toContainText('success');
});

test('the BFF refuses the viewer a direct API call with 403', async ({ browser }) => {
  const viewer = await pageAs(browser, 'viewer');
  await viewer.goto(`/instances/${INSTANCE}`);
  // The same call the SPA makes, from the page, so that the browser's Origin and Sec-Fetch-Site go along.
  const answer = await viewer.evaluate(async (instance) => {
    const response = await fetch(`/api/instances/${instance}/hotkey-tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' },
      body: '{}',
    });
    return { status: response.status, body: (await response.json()) as { error_msg: string } };
  }, INSTANCE);
  expect(answer.status).toBe(403);
  expect(answer.body.error_msg).toMatch(/victor is a viewer: only operators may start analyses/);
  const taskId = taskPath.split('/').pop();
  const deleted = await viewer.request.delete(`/api/instances/${INSTANCE}/hotkey-tasks/${taskId}`, {
    headers: { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' },
  });
  expect(deleted.status()).toBe(403);
});

test('the same deep link shows the same view to both', async ({ browser }) => {
  const views = [];
  for (const who of ['operator', 'viewer'] as const) {
    const page = await pageAs(browser, who);
    await page.goto(taskPath);
    await expect(keyRows(page).first()).toBeVisible();
    views.push({
      heading: await page
        .getByRole('region', { name: 'Analysis result' })
        .getByRole('heading', { level: 2 })
        .innerText(),
      rows: await keyRows(page).allInnerTexts(),
      url: new URL(page.url()).pathname + new URL(page.url()).search,
    });
  }
  expect(views[0]!.rows.length).toBeGreaterThan(0);
  expect(views[1]).toEqual(views[0]);
});

test('a forged identity header sent straight to the BFF from an untrusted address is ignored', async ({
  browser,
  playwright,
}) => {
  const forged = { 'x-forwarded-user': 'olga', 'x-forwarded-email': 'olga@example.org', 'x-forwarded-groups': 'sre' };
  const direct = await playwright.request.newContext({ baseURL: bff.url, extraHTTPHeaders: forged });
  const me = await direct.get('/api/me');
  expect(me.status()).toBe(401);
  expect(await me.json()).toMatchObject({ error_code: 'HOTKEYS.401' });
  const start = await direct.post(`/api/instances/${INSTANCE}/hotkey-tasks`, {
    data: {},
    headers: { 'x-requested-with': 'hotkeys' },
  });
  expect(start.status()).toBe(401);
  await direct.dispose();

  const context = await browser.newContext({ extraHTTPHeaders: forged });
  const page = await context.newPage();
  const response = await page.goto(`${bff.url}/api/instances`);
  expect(response?.status()).toBe(401);
  // The SPA opened around the proxy says so, and offers no token form that could not work here.
  await page.goto(`${bff.url}/instances/${INSTANCE}`);
  await expect(page.getByText('You are not coming through the sign-in proxy')).toBeVisible();
  await expect(page.getByLabel('Access token')).toHaveCount(0);

  // Through the proxy a client's own identity headers are replaced, never believed.
  const viewer = await pageAs(browser, 'viewer');
  await viewer.context().setExtraHTTPHeaders({ [IDENTITY_HEADER]: 'viewer', ...forged });
  const who = await viewer.request.get('/api/me');
  expect(await who.json()).toMatchObject({ user: 'victor', role: 'viewer', auth_mode: 'proxy' });
});
