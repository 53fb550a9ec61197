import type { APIRequestContext, Page } from '@playwright/test';
import { expect, INSTANCES, test } from '../test-support/playwright/fixtures';

/**
 * Heat over time on the real BFF: a key's timeline reached from an analysis, and a watch started from the
 * instance page. Each shared link is opened again in a fresh browser page, as a colleague would.
 */
test.describe.configure({ mode: 'serial' });

const shots = 'e2e/screenshots';
const headers = { 'X-Requested-With': 'hotkeys', 'Content-Type': 'application/json' };
const instance = INSTANCES.standalone;
const chart = (page: Page) => page.locator('[data-testid="chart"] svg.recharts-surface').first();

/** Waits until the instance has no analysis under way, so later specs can start theirs. */
async function untilIdle(request: APIRequestContext) {
  await expect
    .poll(
      async () => {
        const list = (await (await request.get(`/api/instances/${instance}/hotkey-tasks?limit=1`)).json()) as {
          records: { status: string }[];
        };
        return list.records[0]?.status ?? 'none';
      },
      { timeout: 45_000 },
    )
    .toMatch(/^(success|failed|none)$/);
}

async function analyse(request: APIRequestContext): Promise<string> {
  const created = await request.post(`/api/instances/${instance}/hotkey-tasks`, { headers, data: { impact: 'fast' } });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: string };
  await untilIdle(request);
  return id;
}

/** The page at a desktop's and a phone's width, each freshly laid out and with no tooltip open. */
async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.reload();
    await page.mouse.move(0, 0);
    await expect(chart(page)).toBeVisible();
    // On a phone nothing scrolls sideways.
    await expect
      .poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5000 })
      .toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('the key page draws a key over time, from the analysis it was picked in; its link reopens it', async ({
  page,
  browser,
  request,
  e2e,
}) => {
  await untilIdle(request);
  await analyse(request);
  const taskId = await analyse(request);
  const { hottestKey } = e2e.seeded.standalone.find((db) => db.db === 1)!;

  await page.goto(`/instances/${instance}/tasks/${taskId}?db=1`);
  const firstRow = page.getByRole('table', { name: 'Hot keys' }).locator('tbody tr').first();
  await expect(firstRow.locator('td').first()).toHaveText(hottestKey);
  await firstRow.click();
  await page.getByRole('link', { name: 'Timeline of this key' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instance}/keys\\?db=1&key=`));
  await expect(page.getByRole('heading', { name: `Key ${hottestKey}` })).toBeVisible();
  await expect(chart(page)).toBeVisible();
  await expect(page.getByText('First seen in the top list:')).toBeVisible();
  await expect(page.getByTestId('key-trend')).toContainText(/Rising|Falling|Steady/);
  const analyses = page.getByRole('table', { name: 'Analyses of this key' }).locator('tbody tr');
  await expect(analyses).not.toHaveCount(0);
  const rows = await analyses.count();
  const link = page.url();
  await shoot(page, 'key');

  const colleague = await browser.newPage();
  await colleague.goto(link);
  await expect(colleague.getByRole('heading', { name: `Key ${hottestKey}` })).toBeVisible();
  await expect(chart(colleague)).toBeVisible();
  await expect(colleague.getByRole('table', { name: 'Analyses of this key' }).locator('tbody tr')).toHaveCount(rows);
  await colleague.close();
});

test('a watch started on the instance page draws its top keys live; its link reopens it; it stops', async ({
  page,
  browser,
  request,
}) => {
  await untilIdle(request);
  await page.goto(`/instances/${instance}`);
  const card = page.getByRole('region', { name: 'Watch heat over time' });
  await card.getByRole('spinbutton').fill('10');
  await card.getByRole('combobox').selectOption({ label: '5 min' });
  await card.getByRole('button', { name: 'Start watch' }).click();
  await expect(page).toHaveURL(new RegExp(`/instances/${instance}/watches/[^/]+$`));
  const link = page.url();
  try {
    // The instance page may still be drawn while the watch page's code loads: look inside the watch's own region.
    const heading = page.getByRole('region', { name: 'Watch', exact: true }).getByRole('heading', { level: 2 });
    await expect(heading).toContainText('LFU scan (gentle) every 10 s for 5 min');
    await expect(heading).toContainText('running');
    await expect(chart(page)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('table', { name: 'Top keys of the watch' }).locator('tbody tr')).not.toHaveCount(0);
    // The page follows the watch by itself: the second iteration arrives without a reload.
    await expect(page.getByText(/2 iterations \(live\)/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Rose most in the last interval|No key rose/)).toBeVisible();
    await shoot(page, 'watch');

    const colleague = await browser.newPage();
    await colleague.goto(link);
    await expect(
      colleague.getByRole('region', { name: 'Watch', exact: true }).getByRole('heading', { level: 2 }),
    ).toContainText('every 10 s for 5 min');
    await expect(chart(colleague)).toBeVisible();
    await colleague.close();

    // The instance page's history takes each new iteration by itself while the watch runs, not only at its end.
    const observer = await browser.newPage();
    await observer.goto(`/instances/${instance}`);
    const history = observer.getByRole('heading', { name: /^History \(\d+\)$/ });
    const historyCount = async () => Number(/\((\d+)\)/.exec((await history.textContent()) ?? '')?.[1]);
    await expect(history).toBeVisible();
    const listed = await historyCount();
    await expect.poll(historyCount, { timeout: 30_000 }).toBeGreaterThan(listed);
    await observer.close();

    await page.getByRole('button', { name: 'Stop watch' }).click();
    await expect(heading).toContainText('stopped');
    await expect(page.getByText(/stopped by/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Stop watch' })).toHaveCount(0);
  } finally {
    // Whatever happened above, no watch may keep starting analyses under the specs that follow.
    await request.post(`${link.replace(/^.*(\/instances\/)/, '/api$1')}/stop`, { headers, data: {} });
    await untilIdle(request);
  }
  await page.goto(`/instances/${instance}`);
  await expect(page.getByRole('table', { name: 'Watches' })).toContainText('stopped');
  await page.screenshot({ path: `${shots}/instance-watch.png`, fullPage: true });
});
