import { CONTRACT_INSTANCES } from '../test-support/dcs-contract-server';
import { expect, test } from '../test-support/playwright/fixtures';

/**
 * The cloud path end to end: the BFF signs every call with AK/SK and the DCS contract server verifies the
 * signature like the API gateway, then walks the task waiting -> running -> success.
 */
const shots = 'e2e/screenshots';
const { haEligible, redis3 } = CONTRACT_INSTANCES;

test('a DCS instance: pick, analyse, watch, see the hottest key first', async ({ page }) => {
  await page.goto('/');
  const row = page.getByRole('row').filter({ hasText: haEligible.name });
  await expect(row).toContainText('DCS');
  await expect(row).toContainText('Ready');
  // Redis 3.0 cannot be analysed, and the picker says why.
  await expect(page.getByRole('row').filter({ hasText: redis3.name })).toContainText(/Redis 3\.0|4\.0 or later/);
  await page.screenshot({ path: `${shots}/instances-with-dcs.png`, fullPage: true });

  await row.getByRole('link', { name: haEligible.name }).click();
  await page.getByRole('button', { name: 'Start analysis' }).click();
  // The result opens by itself once the cloud says the analysis succeeded.
  await expect(page).toHaveURL(/\/tasks\//, { timeout: 45_000 });
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByText('success', { exact: true }),
  ).toBeVisible();

  const firstRow = page.getByRole('table', { name: 'Hot keys' }).locator('tbody tr').first();
  await expect(firstRow.locator('td').first()).toHaveText(haEligible.hottestKey.name);
  await expect(page.locator('[data-testid="chart"] svg.recharts-surface').first()).toBeVisible();
  await expect(page.locator('figure table tbody tr').first().locator('td').nth(1)).toHaveText(
    haEligible.hottestKey.name,
  );
  await page.screenshot({ path: `${shots}/task-dcs.png`, fullPage: true });

  // A fresh browser opening the shared link sees the same analysis.
  const link = page.url();
  const other = await page.context().browser()!.newContext();
  const reopened = await other.newPage();
  await reopened.goto(link);
  await expect(
    reopened.getByRole('table', { name: 'Hot keys' }).locator('tbody tr').first().locator('td').first(),
  ).toHaveText(haEligible.hottestKey.name);
  await other.close();

  // The BFF serves its own copy once DCS rotates a record out (dcs-fan-in.test.ts); the view must say so.
  await page.route('**/api/instances/*/hotkey-tasks/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: { ...((await response.json()) as object), kept_copy: true } });
  });
  await page.reload();
  await expect(page.getByTestId('kept-copy')).toContainText('DCS no longer has this analysis');
  await expect(page.getByTestId('analysis-cost')).toContainText('not measured: DCS runs the analysis in the cloud');
  await page.screenshot({ path: `${shots}/task-dcs-kept-copy.png`, fullPage: true });
});
