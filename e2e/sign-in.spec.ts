import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { LFU_ARGS } from '../src/server/embedded/start-embedded-sources';
import { type RedisServerProcess, startRedisServer } from '../src/server/local-redis/redis-server-process';
import { seedStandalone } from '../src/server/local-redis/seed-workload';
import { type SpawnedBff, startBff } from '../test-support/spawn-bff';

/**
 * Token sign-in as people use it: a deep link opened by someone not signed in, a viewer who sees the
 * operator actions disabled and why, a session that ends under the user, sign-out, and an operator.
 */
test.describe.configure({ mode: 'serial' });

const INSTANCE = 'signin-standalone';
const TOKENS = { OLGA_TOKEN: 'olga-operator-token-5f2c9a7e41', VICTOR_TOKEN: 'victor-viewer-token-8d03b6e2c7' };
/** The first page of the history, as a link in a chat would carry it. */
const DEEP_LINK = `/instances/${INSTANCE}?offset=0`;
const STATE_CHANGE = { 'content-type': 'application/json', 'x-requested-with': 'hotkeys' };

let redis: RedisServerProcess;
let dir: string;
let bff: SpawnedBff;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser, playwright }) => {
  redis = await startRedisServer({ args: LFU_ARGS });
  await seedStandalone(redis.url, 1, { coldKeys: 300, warmKeys: 8, hottestHits: 3000 });
  dir = mkdtempSync(join(tmpdir(), 'hotkeys-sign-in-'));
  bff = await startBff({
    dir,
    compiled: true,
    config: {
      auth: {
        mode: 'token',
        tokens: [
          { user: 'olga', role: 'operator', tokenEnv: 'OLGA_TOKEN' },
          { user: 'victor', role: 'viewer', tokenEnv: 'VICTOR_TOKEN' },
        ],
      },
      sources: [{ kind: 'redis', id: INSTANCE, name: 'Sign-in standalone', url: redis.url }],
    },
    env: TOKENS,
  });
  // One finished analysis, so the viewer's history has something to look at.
  const operatorApi = await playwright.request.newContext({
    baseURL: bff.url,
    extraHTTPHeaders: { ...STATE_CHANGE, authorization: `Bearer ${TOKENS.OLGA_TOKEN}` },
  });
  const started = await operatorApi.post(`/api/instances/${INSTANCE}/hotkey-tasks`, { data: {} });
  expect(started.status()).toBe(200);
  const { id } = (await started.json()) as { id: string };
  const status = async () => {
    const task = await operatorApi.get(`/api/instances/${INSTANCE}/hotkey-tasks/${id}`);
    return ((await task.json()) as { status: string }).status;
  };
  await expect.poll(status, { timeout: 30_000 }).toBe('success');
  await operatorApi.dispose();

  context = await browser.newContext({ baseURL: bff.url });
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await bff?.stop();
  await redis?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const signInAs = async (token: string) => {
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
};

const here = () => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};

test('the sign-in screen fits a phone: nothing scrolls sideways at 390 px', async ({ browser }) => {
  const phone = await browser.newContext({ baseURL: bff.url, viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  await small.goto(DEEP_LINK);
  await expect(small.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect
    .poll(() => small.evaluate(() => document.documentElement.scrollWidth), { timeout: 5000 })
    .toBeLessThanOrEqual(390);
  await small.screenshot({ path: 'e2e/screenshots/phone-sign-in.png', fullPage: true });
  await phone.close();
});

test('a deep link survives sign-in, and the viewer sees operator actions disabled with the reason', async () => {
  await page.goto(DEEP_LINK);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Your session has expired')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/screenshots/sign-in.png' });

  await signInAs('not-the-token-0123456789');
  await expect(page.getByRole('alert')).toContainText('that token is not valid');

  await signInAs(TOKENS.VICTOR_TOKEN);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Sign-in standalone');
  expect(here()).toBe(DEEP_LINK);
  const badge = page.getByTestId('user-badge');
  await expect(badge).toHaveText('victor · viewer');
  await expect(badge).toHaveAttribute('title', /Viewer: can look at every instance and analysis and share links/);

  const start = page.getByRole('button', { name: 'Start analysis' });
  await expect(start).toBeDisabled();
  await expect(start).toHaveAccessibleDescription('Viewers can look and share; ask an operator to start analyses.');
  await expect(page.getByRole('region', { name: 'Analysis history' })).toContainText('success');
  await page.screenshot({ path: 'e2e/screenshots/viewer-instance.png', fullPage: true });

  const cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === 'hotkeys_session');
  expect(session, `cookies: ${cookies.map((c) => c.name).join(', ')}`).toBeDefined();
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(session!.value).not.toContain(TOKENS.VICTOR_TOKEN);
  expect(await page.evaluate(() => document.cookie), 'scripts cannot read the session').toBe('');
});

test('a session that ends while in use brings the sign-in back, then the same view', async ({ playwright }) => {
  // The BFF forgets the session (as when it expires) while the browser still holds the cookie.
  const session = (await context.cookies()).find((cookie) => cookie.name === 'hotkeys_session')!;
  const other = await playwright.request.newContext({
    baseURL: bff.url,
    extraHTTPHeaders: { ...STATE_CHANGE, cookie: `hotkeys_session=${session.value}` },
  });
  expect((await other.delete('/api/session')).status()).toBe(200);
  await other.dispose();

  const history = page.getByRole('region', { name: 'Analysis history' });
  await history.getByRole('link').first().click();
  await expect(page.getByText('Your session has expired')).toBeVisible();
  const taskView = here();
  expect(taskView).toMatch(new RegExp(`^/instances/${INSTANCE}/tasks/`));

  await signInAs(TOKENS.VICTOR_TOKEN);
  await expect(page.getByRole('region', { name: 'Analysis result' })).toBeVisible();
  expect(here()).toBe(taskView);
});

test('sign-out brings the sign-in screen; an operator can then start an analysis', async () => {
  await page.goto(DEEP_LINK);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Your session has expired')).toHaveCount(0);
  expect((await context.cookies()).some((cookie) => cookie.name === 'hotkeys_session')).toBe(false);

  await signInAs(TOKENS.OLGA_TOKEN);
  expect(here()).toBe(DEEP_LINK);
  await expect(page.getByTestId('user-badge')).toHaveText('olga · operator');
  const start = page.getByRole('button', { name: 'Start analysis' });
  await expect(start).toBeEnabled();
  await expect(page.getByText(/Viewers can look and share/)).toHaveCount(0);
  await start.click();
  // The result opens by itself; back on the instance page, the history holds both analyses.
  await expect(page).toHaveURL(new RegExp(`/instances/${INSTANCE}/tasks/`), { timeout: 30_000 });
  await page.goBack();
  await expect(page.getByRole('region', { name: 'Analysis history' }).getByText('success')).toHaveCount(2, {
    timeout: 30_000,
  });
});
