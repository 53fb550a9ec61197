import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createClient } from 'redis';
import { expect, INSTANCES, test } from '../test-support/playwright/fixtures';

/**
 * The main screens driven end to end on the real BFF and real redis-server processes. The tests share the
 * analyses they start (an analysis takes seconds), so they run in order.
 */
test.describe.configure({ mode: 'serial' });

const shots = 'e2e/screenshots';
const taskUrls: Partial<Record<string, string>> = {};

const keyRows = (page: Page) => page.getByRole('table', { name: 'Hot keys' }).locator('tbody tr');
const keyNames = (page: Page) => keyRows(page).locator('td:first-child').allInnerTexts();

/** Picks the instance, starts an analysis, waits for success and opens the result; returns the task URL. */
async function analyse(page: Page, instanceName: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: instanceName }).click();
  await page.getByRole('radio', { name: /Gentle/ }).check();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  // The analysis this user started opens its result by itself once it succeeds.
  await expect(page).toHaveURL(/\/instances\/[^/]+\/tasks\/[^/?]+$/, { timeout: 45_000 });
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('success', { exact: true }),
  ).toBeVisible();
  await expect(keyRows(page).first()).toBeVisible();
  return new URL(page.url()).pathname;
}

async function expectChartLeader(page: Page, keyName: string) {
  await expect(page.locator('[data-testid="chart"] svg.recharts-surface').first()).toBeVisible();
  // The table beside the chart lists the bars in chart order.
  await expect(page.locator('figure table tbody tr').first().locator('td').nth(1)).toHaveText(keyName);
}

test('the picker shows every instance and why the non-LFU one cannot be analysed', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'E2E standalone' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'E2E cluster' })).toBeVisible();
  const noLfu = page.getByRole('row').filter({ hasText: 'E2E no LFU' });
  await expect(noLfu.getByText('Not available')).toBeVisible();
  await expect(noLfu).toContainText(/maxmemory-policy|LFU/i);
  await page.screenshot({ path: `${shots}/instances.png`, fullPage: true });

  await noLfu.getByRole('link', { name: 'E2E no LFU' }).click();
  await expect(page.getByRole('button', { name: 'Start analysis' })).toBeDisabled();
});

test('standalone: start, watch success, the seeded hottest key leads table and chart', async ({ page, e2e }) => {
  const url = await analyse(page, 'E2E standalone');
  taskUrls[INSTANCES.standalone] = url;
  const hottest = e2e.seeded.standalone.map((db) => db.hottestKey);
  const [first] = await keyNames(page);
  expect(hottest).toContain(first);
  await expectChartLeader(page, first ?? '');
  // The header says what the analysis cost the server, as its probe measured it.
  await expect(page.getByTestId('analysis-cost')).toContainText(
    /(this analysis added \+\d+(\.\d+)? ms p99|no rise of the p99 measured) on 127\.0\.0\.1:\d+/,
  );
  await expect(page.getByTestId('analysis-cost')).toContainText(
    /(within|over) the \d(\.\d)? ms budget, paced by the probe/,
  );
  await page.screenshot({ path: `${shots}/task-standalone.png`, fullPage: true });

  for (const db of e2e.seeded.standalone) {
    await page.goto(`${url}?db=${db.db}`);
    await expect(keyRows(page).first().locator('td').first()).toHaveText(db.hottestKey);
    await expectChartLeader(page, db.hottestKey);
  }

  await page.goto(url.replace(/\/tasks\/.*/, ''));
  await expect(page.getByRole('region', { name: 'Analysis history' })).toContainText('success');
  await page.screenshot({ path: `${shots}/instance.png`, fullPage: true });
});

test('cluster: the shard column is filled and each shard leads with its seeded hottest key', async ({ page, e2e }) => {
  const url = await analyse(page, 'E2E cluster');
  taskUrls[INSTANCES.cluster] = url;
  const shards = await keyRows(page).locator('td:nth-child(4)').allInnerTexts();
  expect(shards.length).toBeGreaterThan(0);
  for (const shard of shards) expect(shard).toMatch(/^\S+:\d+$/);
  const [first] = await keyNames(page);
  expect(e2e.seeded.cluster.map((shard) => shard.hottestKey)).toContain(first);
  await expectChartLeader(page, first ?? '');
  await page.screenshot({ path: `${shots}/task-cluster.png`, fullPage: true });

  for (const shard of e2e.seeded.cluster) {
    await page.goto(`${url}?shard=${encodeURIComponent(shard.where)}`);
    await expect(keyRows(page).first().locator('td').first()).toHaveText(shard.hottestKey);
  }
  await page.goto(`${url}?chart=shard`);
  await expect(page.locator('[data-testid="chart"] svg.recharts-surface')).toBeVisible();
  await page.screenshot({ path: `${shots}/task-cluster-by-shard.png`, fullPage: true });
});

test('filters, sort, chart and selection survive a copied link opened in a fresh browser', async ({
  page,
  browser,
  e2e,
  context,
}) => {
  const url = taskUrls[INSTANCES.standalone];
  test.skip(!url, 'needs the standalone analysis of the earlier test');
  await page.goto(url ?? '');
  const db1 = e2e.seeded.standalone.find((db) => db.db === 1) ?? e2e.seeded.standalone[0];
  const prefix = db1?.hottestKey.split(':')[0] ?? '';

  await page.getByRole('searchbox').fill(`${prefix}:*`);
  await page.getByLabel('Minimum freq').fill('6');
  await page.getByRole('columnheader', { name: /^Key/ }).getByRole('button').click();
  await page.getByRole('tab', { name: 'By type' }).click();
  await keyRows(page).nth(1).click();
  await expect(page.getByTestId('filters-in-words')).toContainText(`name matches ${prefix}:*`);
  await expect(page.getByTestId('filters-in-words')).toContainText('freq at least 6');

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());

  const snapshot = async (p: Page) => ({
    count: await p.getByTestId('key-count').innerText(),
    words: await p.getByTestId('filters-in-words').innerText(),
    rows: await keyRows(p).allInnerTexts(),
    selected: await keyRows(p).and(p.locator('[aria-selected="true"]')).innerText(),
    tab: await p.getByRole('tab', { selected: true }).innerText(),
    chartTable: await p.locator('figure table tbody tr').allInnerTexts(),
    bars: await p.locator('[data-testid="chart"] .recharts-bar-rectangle').count(),
  });
  const original = await snapshot(page);
  await page.screenshot({ path: `${shots}/task-filtered.png`, fullPage: true });

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(link);
  await expect(keyRows(other).first()).toBeVisible();
  await expect(other.locator('[data-testid="chart"] svg.recharts-surface')).toBeVisible();
  expect(await snapshot(other)).toEqual(original);
  await fresh.close();
});

test('Export CSV holds exactly the filtered table', async ({ page }) => {
  const url = taskUrls[INSTANCES.standalone];
  test.skip(!url, 'needs the standalone analysis of the earlier test');
  await page.goto(`${url}?type=string&type=hash&minFreq=6`);
  await expect(keyRows(page).first()).toBeVisible();
  const names = await keyNames(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path()) ?? '', 'utf8');
  const [header, ...lines] = csv.trim().split(/\r\n/);
  expect(header).toBe('name,type,db,shard,size,unit,freq,est_hits,est_per_second_floor,at_ceiling');
  // Seeded key names hold no commas or quotes, so the first field is the name as is.
  expect(lines.map((line) => line.split(',')[0])).toEqual(names);
  for (const line of lines) expect(['string', 'hash']).toContain(line.split(',')[1]);
  await expect(page.getByTestId('key-count')).toHaveText(new RegExp(`^${lines.length} of \\d+ keys$`));
});

test('compare names the key that became hot between two analyses', async ({ page, e2e, request }) => {
  const url = taskUrls[INSTANCES.standalone];
  test.skip(!url, 'needs the standalone analysis of the earlier test');
  const earlierId = url?.split('/').pop() ?? '';

  const hotKey = 'e2e:became-hot';
  const client = createClient({ url: e2e.redisUrls.standalone });
  await client.connect();
  try {
    await client.set(hotKey, 'x');
    // 60,000 reads lift the counter to about 110, above every seeded key.
    for (let batch = 0; batch < 60; batch++) {
      await Promise.all(Array.from({ length: 1000 }, () => client.get(hotKey)));
    }
  } finally {
    client.destroy();
  }

  const headers = { 'X-Requested-With': 'hotkeys', 'Content-Type': 'application/json' };
  const created = await request.post(`/api/instances/${INSTANCES.standalone}/hotkey-tasks`, {
    headers,
    data: { impact: 'fast' },
  });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await expect
    .poll(
      async () =>
        (
          (await (
            await request.get(`/api/instances/${INSTANCES.standalone}/hotkey-tasks/${id}`, { headers })
          ).json()) as {
            status: string;
          }
        ).status,
      { timeout: 45_000 },
    )
    .toBe('success');

  await page.goto(`/instances/${INSTANCES.standalone}/tasks/${id}?compare=${earlierId}`);
  await expect(page.getByTestId('became-hot')).toHaveText(hotKey);
  const changes = page.getByRole('table', { name: 'Changes between the analyses' });
  await expect(changes.locator('tbody tr').first()).toContainText(hotKey);
  await expect(page.getByTestId('compare-view').locator('svg.recharts-surface')).toBeVisible();
  await page.getByTestId('compare-view').screenshot({ path: `${shots}/compare.png` });
  await page.screenshot({ path: `${shots}/task-compare.png`, fullPage: true });
});

test('the result reads in the dark theme, on a wide screen, and as a PNG', async ({ page }) => {
  const url = taskUrls[INSTANCES.cluster];
  test.skip(!url, 'needs the cluster analysis of the earlier test');
  await page.goto(url ?? '');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.locator('[data-testid="chart"] svg.recharts-surface')).toBeVisible();
  await page.screenshot({ path: `${shots}/task-cluster-dark.png` });

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: `${shots}/task-cluster-dark-wide.png` });
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(/^hotkeys-local-cluster-.*\.png$/);
  const bytes = readFileSync((await png.path()) ?? '');
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(10_000);
});

test('the key table and the chart tabs work from the keyboard', async ({ page }) => {
  const url = taskUrls[INSTANCES.standalone];
  test.skip(!url, 'needs the standalone analysis of the earlier test');
  await page.goto(url ?? '');
  const rows = keyRows(page);
  await rows.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(rows.nth(1)).toBeFocused();
  const secondName = await rows.nth(1).locator('td').first().innerText();
  expect(new URL(page.url()).searchParams.get('key')?.endsWith(`/${secondName}`)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'false');

  await page.getByRole('tab', { name: 'Top by freq' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Top by size' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/chart=size/);
});

test('a finished analysis can be deleted from the history', async ({ page }) => {
  const url = taskUrls[INSTANCES.cluster];
  test.skip(!url, 'needs the cluster analysis of the earlier test');
  const taskId = url?.split('/').pop() ?? '';
  await page.goto(url?.replace(/\/tasks\/.*/, '') ?? '');
  const history = page.getByRole('region', { name: 'Analysis history' });
  const row = history.getByRole('row').filter({ hasText: taskId });
  await row.getByRole('button', { name: `Delete analysis ${taskId}` }).click();
  await row.getByRole('button', { name: 'Confirm delete' }).click();
  await expect(row).toHaveCount(0);
  await page.goto(url ?? '');
  await expect(page.getByText(`No such analysis ${taskId}`)).toBeVisible();
});

test('sampling a server without an LFU policy: no freq shown, method and window in the header', async ({
  page,
  e2e,
}) => {
  /** Runs a 1 s sampling, whose result opens by itself; `previous` is the result path of the sampling before it. */
  const sample = async (previous?: string | null): Promise<string | null> => {
    await page.goto(`/instances/${INSTANCES.noLfu}`);
    const form = page.getByRole('form', { name: 'Sample live traffic' });
    await form.getByLabel('Window').fill('1');
    await form.getByRole('button', { name: 'Sample for 1 s' }).click();
    await expect(async () => {
      const path = new URL(page.url()).pathname;
      expect(path).toMatch(/\/tasks\//);
      expect(path).not.toBe(previous);
    }).toPass({ timeout: 30_000 });
    const href = new URL(page.url()).pathname;
    await expect(
      page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('success', { exact: true }),
    ).toBeVisible();
    await expect(page.getByText('manual, sampling, 1 s')).toBeVisible();
    return href;
  };

  // Nothing touches the server: the window ends empty, and says so.
  const empty = await sample();
  await expect(page.getByText('No key was accessed during the window')).toBeVisible();
  await expect(page.getByText(/databases were empty/)).toHaveCount(0);
  await page.screenshot({ path: `${shots}/task-sampling-empty.png`, fullPage: true });

  const client = createClient({ url: e2e.redisUrls.noLfu });
  await client.connect();
  let driving = true;
  const traffic = (async () => {
    await client.set('e2e:sampled', 'x');
    while (driving) {
      await client.get('e2e:sampled');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    await sample(empty);
  } finally {
    driving = false;
    await traffic;
    client.destroy();
  }
  const row = keyRows(page).filter({ hasText: 'e2e:sampled' });
  await expect(row.locator('td').last()).toHaveText(/^—\s*no LFU policy$/);
  await expect(page.getByRole('table', { name: 'Measured access rates' })).toContainText('e2e:sampled');
  // A sampling is charted by what it measured; a freq chart would have nothing to draw here.
  await expect(page.getByRole('tab', { selected: true })).toHaveText('Top by accesses/s');
  await expect(page.locator('[data-testid="chart"] svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByText('What does freq mean?')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/task-sampling-nolfu.png`, fullPage: true });
});

test('a sampling result ranks by measured rate and shows who drives a key, with advice', async ({ page, e2e }) => {
  const hot = 'e2e:drivers:hot';
  const named = async (name: string) => {
    const client = createClient({ url: e2e.redisUrls.standalone, name });
    await client.connect();
    return client;
  };
  const [checkout, reports] = await Promise.all([named('checkout-svc'), named('reports-job')]);
  await checkout.set(hot, 'a cached profile');
  await checkout.set('e2e:drivers:warm', 'x');
  const fields = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field:${i}`, 'value']));
  await checkout.hSet('e2e:drivers:big', fields);
  let driving = true;
  // Three GETs of the hot key from checkout-svc for each one from reports-job, which also reads a warm string
  // and, every fourth round, a big hash whole.
  const drive = async () => {
    for (let round = 0; driving; round++) {
      await Promise.all([
        checkout.get(hot),
        checkout.get(hot),
        checkout.get(hot),
        reports.get(hot),
        reports.get('e2e:drivers:warm'),
        round % 4 === 0 ? reports.hGetAll('e2e:drivers:big') : null,
      ]);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  const traffic = drive();
  try {
    await page.goto(`/instances/${INSTANCES.standalone}`);
    const form = page.getByRole('form', { name: 'Sample live traffic' });
    await form.getByLabel('Window').fill('8');
    await form.getByRole('button', { name: 'Sample for 8 s' }).click();
    await expect(page).toHaveURL(/\/tasks\//, { timeout: 45_000 });
    await expect(
      page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('success', { exact: true }),
    ).toBeVisible({ timeout: 45_000 });
  } finally {
    driving = false;
    await traffic;
    checkout.destroy();
    reports.destroy();
  }
  await expect(page.getByRole('heading', { name: 'Accesses per second, measured over an 8 s window' })).toBeVisible();
  await expect(page.getByRole('tab', { selected: true })).toHaveText('Top by accesses/s');
  const header = page.getByRole('columnheader', { name: /Accesses\/s \(measured\)/ });
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  // The table's order is the measured order: each rate at most the one above it.
  const rates = (await keyRows(page).locator('td:nth-child(2)').allInnerTexts()).map((text) =>
    text.endsWith('/min') ? Number.parseFloat(text) / 60 : Number.parseFloat(text),
  );
  expect(rates.length).toBeGreaterThan(1);
  expect(rates).toEqual([...rates].sort((a, b) => b - a));
  await expect(keyRows(page).first()).toContainText(hot);
  // The task's clients and the top keys by rate, both drawn.
  const charts = page.locator('[data-testid="chart"] svg.recharts-surface');
  await expect(charts.nth(1)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Sampled access rates' })).toContainText('checkout-svc');
  await page.screenshot({ path: `${shots}/task-sampling-result.png`, fullPage: true });

  await keyRows(page).first().click();
  const panel = page.getByRole('region', { name: 'Selected key' });
  await expect(panel.locator('svg.recharts-surface').first()).toBeVisible();
  const checkoutRow = panel.getByRole('row').filter({ hasText: 'checkout-svc' });
  const reportsRow = panel.getByRole('row').filter({ hasText: 'reports-job' });
  const shareOf = async (row: typeof checkoutRow) => Number.parseFloat(await row.locator('td').nth(1).innerText());
  // 3:1 -> 75% and 25%, within 10% of each.
  expect(Math.abs((await shareOf(checkoutRow)) - 75)).toBeLessThan(7.5);
  expect(Math.abs((await shareOf(reportsRow)) - 25)).toBeLessThan(2.5);
  await expect(panel.getByRole('region', { name: 'Advice' })).toContainText(/Look at checkout-svc first/);
  await panel.scrollIntoViewIfNeeded();
  // Away from the bars, so the shot shows no tooltip.
  await page.mouse.move(0, 0);
  await panel.screenshot({ path: `${shots}/task-sampling-key-panel.png` });

  // The big-hot view: the hash read whole serves the most bytes though the string is read most often.
  await page.getByRole('tab', { name: 'Top by bytes served' }).click();
  await expect(page).toHaveURL(/chart=bytes/);
  const bytesTable = page.getByRole('tabpanel').getByRole('table');
  await expect(bytesTable.locator('tbody tr').first()).toContainText('e2e:drivers:big');
  await page.getByRole('tabpanel').screenshot({ path: `${shots}/task-sampling-bytes.png` });

  // At a phone's width nothing scrolls sideways but the boxes that scroll on their own.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await panel.screenshot({ path: `${shots}/phone-task-sampling-key-panel.png` });
});
