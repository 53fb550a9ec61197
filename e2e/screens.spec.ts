import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { createClient } from 'redis';
import { CONTRACT_INSTANCES } from '../test-support/dcs-contract-server';
import { expect, INSTANCES, test } from '../test-support/playwright/fixtures';

/**
 * Every screen at a desktop and a phone width: no sideways scrolling at 390 px, names that show what they
 * hold, the result that opens by itself, and a PNG that explains itself. Screenshots of each land in
 * e2e/screenshots (desktop-*.png at 1440x900, phone-*.png at 390x844) to be looked at.
 */
test.describe.configure({ mode: 'serial' });
// A zone other than UTC, so the screenshots show every time in UTC and local time.
test.use({ timezoneId: 'Europe/Berlin' });

const shots = 'e2e/screenshots';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const HEADERS = { 'X-Requested-With': 'hotkeys', 'Content-Type': 'application/json' };

/** Key names that must not read as something else: a line feed, a right-to-left override, raw bytes. */
const LINE_FEED = 'e2e:line\nfeed';
const RLO = 'e2e:\u202egnp.exe';
const BYTES = Buffer.from([0x65, 0x32, 0x65, 0x3a, 0xff, 0x00, 0x41]);
/** Valid UTF-8 with a character XML cannot carry: the page holds it raw in attributes, the PNG must still come. */
const BELL = 'e2e:bell\u0007ring';

const taskPaths: Record<string, string> = {};

async function analyseByApi(request: APIRequestContext, instanceId: string): Promise<string> {
  const created = await request.post(`/api/instances/${instanceId}/hotkey-tasks`, {
    headers: HEADERS,
    data: { impact: 'fast' },
  });
  expect(created.ok(), await created.text()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  const status = async () =>
    ((await (await request.get(`/api/instances/${instanceId}/hotkey-tasks/${id}`)).json()) as { status: string })
      .status;
  await expect.poll(status, { timeout: 45_000 }).toBe('success');
  return `/instances/${instanceId}/tasks/${id}`;
}

/** The page is no wider than the screen: nothing scrolls sideways but boxes that scroll on their own. */
async function expectNoSidewaysScroll(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5000 })
    .toBeLessThanOrEqual(PHONE.width);
}

async function shoot(page: Page, name: string) {
  const size = page.viewportSize();
  const prefix = size?.width === PHONE.width ? 'phone' : 'desktop';
  await page.screenshot({ path: `${shots}/${prefix}-${name}.png`, fullPage: true });
}

const chartDrawn = (page: Page) => page.locator('[data-testid="chart"] svg.recharts-surface').first();

test.beforeAll(async ({ playwright, e2e }) => {
  // Keys whose names would mislead if printed as they are, made hot so that they are among the top keys.
  const client = createClient({ url: e2e.redisUrls.standalone });
  await client.connect();
  try {
    for (const name of [LINE_FEED, RLO, BYTES, BELL]) {
      await client.set(name, 'x');
      for (let batch = 0; batch < 10; batch++) await Promise.all(Array.from({ length: 500 }, () => client.get(name)));
    }
  } finally {
    client.destroy();
  }
  const request = await playwright.request.newContext({ baseURL: e2e.baseUrl });
  taskPaths.standalone = await analyseByApi(request, INSTANCES.standalone);
  taskPaths.cluster = await analyseByApi(request, INSTANCES.cluster);
  await request.dispose();
});

test('an analysis the user started says where it goes and opens by itself', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`/instances/${INSTANCES.noLfu}`);
  const form = page.getByRole('form', { name: 'Sample live traffic' });
  await form.getByLabel('Window').fill('3');
  await form.getByRole('button', { name: 'Sample for 3 s' }).click();
  const latest = page.getByRole('region', { name: 'Latest analysis' });
  await expect(latest.getByTestId('opens-result')).toContainText('When it finishes, its result opens here by itself');
  const link = latest.getByTestId('opens-result').getByRole('link');
  const resultPath = await link.getAttribute('href');
  expect(resultPath).toMatch(new RegExp(`^/instances/${INSTANCES.noLfu}/tasks/`));
  await shoot(page, 'instance-running');
  await expect(page).toHaveURL((url) => url.pathname === resultPath, { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Analysis result' })).toBeVisible();
});

test('an analysis that fails stays on the instance page with its reason', async ({ page }) => {
  await page.goto(`/instances/${INSTANCES.noLfu}`);
  const form = page.getByRole('form', { name: 'Sample live traffic' });
  await form.getByLabel('Window').fill('30');
  await form.getByRole('button', { name: 'Sample for 30 s' }).click();
  const latest = page.getByRole('region', { name: 'Latest analysis' });
  await latest.getByRole('button', { name: 'Cancel analysis' }).click();
  await expect(latest.getByText('The analysis failed')).toBeVisible({ timeout: 15_000 });
  await expect(latest).toContainText('cancelled');
  await expect(page).toHaveURL(new RegExp(`/instances/${INSTANCES.noLfu}$`));
});

test('the instance list names the engine, the last analysis with its hottest key, and no repeated source', async ({
  page,
}) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('/');
  await expect(page.getByRole('columnheader', { name: 'Source' })).toHaveCount(0);
  const standalone = page.getByRole('row').filter({ hasText: 'E2E standalone' });
  await expect(standalone).toContainText(/Redis \d+\.\d+\.\d+/);
  const lastAnalysis = standalone.getByRole('cell').nth(4);
  await expect(lastAnalysis).toContainText('UTC');
  await expect(lastAnalysis.getByTestId('hottest-key')).toContainText(/hottest .+ · freq \d+/);
  await expect(lastAnalysis.getByRole('link')).toHaveAttribute('href', /\/tasks\//);
  // A DCS instance nobody opened an analysis of says the list cannot tell.
  await expect(page.getByRole('row').filter({ hasText: CONTRACT_INSTANCES.redis3.name })).toContainText(
    'not known here',
  );
  await shoot(page, 'instances');
});

test('cluster shards show their slots and role', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`/instances/${INSTANCES.cluster}`);
  const shards = page.getByRole('table', { name: 'Shards' });
  await expect(shards.locator('tbody tr')).toHaveCount(3);
  await expect(shards).toContainText('0-5460');
  await expect(shards).toContainText('10923-16383');
  await expect(shards.locator('tbody tr').first()).toContainText('master');
  await shoot(page, 'instance-cluster');
});

test('history rows say method and impact, UTC time and a short id', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`/instances/${INSTANCES.standalone}`);
  const taskId = taskPaths.standalone!.split('/').pop()!;
  const row = page.getByRole('region', { name: 'Analysis history' }).getByRole('row').filter({ hasText: taskId });
  await expect(row).toContainText('LFU, fast');
  await expect(row).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  const link = row.getByRole('link', { name: taskId });
  await expect(link).toHaveAttribute('href', taskPaths.standalone!);
  // Seen: the first 8 characters; on hover and for screen readers, the whole id.
  await expect(link.locator('[title]')).toHaveAttribute('title', taskId);
  await expect(link.locator('[aria-hidden="true"]')).toHaveText(taskId.slice(0, 8));
  await shoot(page, 'instance-standalone');
});

test('key names show line feeds, bidi overrides and raw bytes for what they are', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto(`${taskPaths.standalone}?q=e2e%3A`);
  const table = page.getByRole('table', { name: 'Hot keys' });
  const names = table.locator('tbody tr td:first-child [data-key-name]');
  await expect(names.filter({ hasText: 'e2e:line' })).toHaveText('e2e:line\\nfeed');
  await expect(names.filter({ hasText: 'gnp.exe' })).toHaveText('e2e:\\u202Egnp.exe');
  await expect(names.filter({ hasText: 'bytes' })).toHaveText('bytese2e:\\xff\\x00A');
  await expect(names.filter({ hasText: 'e2e:bell' })).toHaveText('e2e:bell\\x07ring');
  // Tokens are drawn apart from the text, so a literal backslash could never look like one.
  await expect(names.filter({ hasText: 'e2e:line' }).locator('span')).toHaveText('\\n');
  await shoot(page, 'task-hostile-names');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  expect(
    readFileSync((await png.path()) ?? '')
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');

  // Selecting the binary name keeps it apart from a literal one in the link.
  await table.locator('tbody tr').filter({ hasText: 'bytes' }).click();
  expect(new URL(page.url()).searchParams.get('key')).toBe('0b/e2e:\\xff\\x00A');
  await expect(page.getByText('Selected:').locator('..')).toContainText('bytes');
});

test('the PNG holds the result header, chart and table, capture time and link, and no controls', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  const view = `${taskPaths.cluster}?type=string&chart=db`;
  await page.goto(view);
  await expect(chartDrawn(page)).toBeVisible();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  const taskId = taskPaths.cluster!.split('/').pop()!;
  expect(png.suggestedFilename()).toMatch(
    new RegExp(`^hotkeys-${INSTANCES.cluster}-${taskId.slice(0, 8)}-type-string-[0-9a-f]{6}\\.png$`),
  );
  await png.saveAs(`${shots}/desktop-result-download.png`);
  const bytes = readFileSync((await png.path()) ?? '');
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  // IHDR: width and height of the picture, at twice the panel's CSS size.
  const panel = page.getByRole('region', { name: 'Analysis result' });
  const box = (await panel.boundingBox())!;
  expect(Math.abs(bytes.readUInt32BE(16) - box.width * 2)).toBeLessThanOrEqual(4);
  expect(bytes.readUInt32BE(20)).toBeGreaterThan(600);

  // What was drawn: the header, the chart and its table, and the stamp at the foot (shown only in the PNG).
  await expect(panel.getByTestId('key-count')).toBeVisible();
  await expect(panel).toContainText('Hot keys of E2E cluster');
  await expect(panel).toContainText(taskId);
  await expect(panel).toContainText('filtered to type string');
  const footer = panel.getByTestId('capture-footer');
  await expect(footer).toBeHidden();
  await expect(footer).toContainText(/Captured \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await expect(footer).toContainText(`${taskPaths.cluster}?type=string&chart=db`);
  // The controls all carry the mark that takes them out of the picture.
  for (const control of ['Download PNG', 'Export CSV', 'Clear filters']) {
    await expect(panel.locator('[data-not-in-png]').getByRole('button', { name: control })).toHaveCount(1);
  }
  await expect(panel.locator('[data-not-in-png]').getByRole('tablist')).toHaveCount(1);
  await expect(panel.locator('details[data-not-in-png]')).toHaveCount(1);
});

test('exports are named for the view they hold', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  const fileNameOf = async (search: string, button: string) => {
    await page.goto(`${taskPaths.standalone}${search}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    return { name: download.suggestedFilename(), text: readFileSync((await download.path()) ?? '', 'utf8') };
  };
  const all = await fileNameOf('', 'Export JSON');
  const filtered = await fileNameOf('?db=1', 'Export JSON');
  expect(all.name).toMatch(/^hotkeys-local-standalone-[0-9a-f]{8}-all\.json$/);
  expect(filtered.name).toMatch(/^hotkeys-local-standalone-[0-9a-f]{8}-db1-[0-9a-f]{6}\.json$/);
  const json = JSON.parse(filtered.text) as { filters: { dbs: number[] }; link: string; keys: { db: number }[] };
  expect(json.filters.dbs).toEqual([1]);
  expect(json.link).toMatch(/\?db=1$/);
  expect(json.keys.every((key) => key.db === 1)).toBe(true);
  expect((await fileNameOf('?db=1', 'Export CSV')).name).toBe(filtered.name.replace(/\.json$/, '.csv'));
});

test.describe('at 390 px nothing scrolls sideways', () => {
  test.use({ viewport: PHONE });

  test('the instance list', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'E2E standalone' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'instances');
  });

  for (const instance of [INSTANCES.standalone, INSTANCES.cluster, INSTANCES.noLfu]) {
    test(`the instance page of ${instance}`, async ({ page }) => {
      await page.goto(`/instances/${instance}`);
      await expect(page.getByRole('region', { name: 'Analysis history' })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await shoot(page, `instance-${instance}`);
    });
  }

  test('a DCS instance page', async ({ page }) => {
    await page.goto(`/instances/${CONTRACT_INSTANCES.haEligible.id}`);
    await expect(page.getByRole('region', { name: 'Analysis history' })).toBeVisible();
    await expectNoSidewaysScroll(page);
  });

  for (const chart of ['freq', 'size', 'scatter', 'shard', 'db', 'type', 'namespace']) {
    test(`the analysis page, chart ${chart}`, async ({ page }) => {
      const path = chart === 'shard' || chart === 'namespace' ? taskPaths.cluster : taskPaths.standalone;
      await page.goto(`${path}?chart=${chart}`);
      await expect(page.getByRole('tab', { selected: true })).toBeVisible();
      await expect(chartDrawn(page)).toBeVisible();
      await expectNoSidewaysScroll(page);
      // The breadcrumb stays one line: the analysis by its short id.
      const crumb = page.getByRole('navigation', { name: 'Breadcrumb' });
      expect((await crumb.boundingBox())!.height).toBeLessThan(30);
      await shoot(page, `task-${chart}`);
    });
  }

  test('the analysis page comparing two analyses', async ({ page }) => {
    const earlier = taskPaths.standalone!.split('/').pop()!;
    const request = page.request;
    const later = await analyseByApi(request, INSTANCES.standalone);
    await page.goto(`${later}?compare=${earlier}`);
    await expect(page.getByTestId('compare-view')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'task-compare');
  });
});
