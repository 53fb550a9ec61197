import { expect, INSTANCES, test } from '../test-support/playwright/fixtures';

// Half-hour offset without daylight saving: local and UTC readings differ on every date.
test.use({ timezoneId: 'Asia/Kolkata' });

const HOUR_MS = 3_600_000;
const hhmm = (at: Date) => at.toISOString().slice(11, 16);

test('sets a daily schedule and sees it listed in UTC and local time with the next run', async ({ page }) => {
  // Six hours ahead: no scheduled analysis fires while this or any other spec runs.
  const due = new Date(Date.now() + 6 * HOUR_MS);
  const time = hhmm(due);
  const localTime = hhmm(new Date(due.getTime() + 5.5 * HOUR_MS));

  await page.goto(`/instances/${INSTANCES.standalone}`);
  const schedule = page.getByRole('region', { name: 'Analysis schedule' });
  const nextRun = schedule.getByTestId('next-run');
  await expect(nextRun).toHaveText('Automatic analysis is off.');

  await schedule.getByLabel('Analyse automatically every day').check();
  await schedule.getByLabel('UTC time').fill('25:00');
  await schedule.getByRole('button', { name: 'Add time' }).click();
  await expect(schedule.getByText('"25:00" is not a UTC time HH:MM')).toBeVisible();
  await schedule.getByLabel('UTC time').fill(time);
  await schedule.getByRole('button', { name: 'Add time' }).click();
  await schedule.getByRole('button', { name: 'Save schedule' }).click();

  const listed = async () => {
    const rows = schedule.getByRole('table', { name: 'Scheduled times' }).getByRole('row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(1).getByRole('cell').nth(0)).toHaveText(`${time} UTC`);
    await expect(rows.nth(1).getByRole('cell').nth(1)).toContainText(localTime);
    await expect(nextRun).toContainText(`Next run: ${due.toISOString().slice(0, 10)} ${time}:00 UTC`);
    await expect(nextRun).toContainText(/in 5 h 5\d min|in 6 h 0 min/);
  };
  await listed();
  // Saved on the server, not only in the page.
  await page.reload();
  await listed();

  // Leave the instance unscheduled for the specs that follow.
  await schedule.getByLabel('Analyse automatically every day').uncheck();
  await schedule.getByRole('button', { name: 'Remove' }).click();
  await schedule.getByRole('button', { name: 'Save schedule' }).click();
  await expect(nextRun).toHaveText('Automatic analysis is off.');
  await expect(schedule.getByRole('table', { name: 'Scheduled times' })).toHaveCount(0);
});

test('sets an alert rule and is told that no webhook is configured', async ({ page }) => {
  await page.goto(`/instances/${INSTANCES.standalone}`);
  const alert = page.getByRole('region', { name: 'Hot key alert' });
  const rule = alert.getByTestId('alert-rule');
  await expect(rule).toHaveText('No alert is raised for this instance.');
  await expect(alert.getByText('No webhook configured')).toBeVisible();

  await alert.getByLabel('Alert when an analysis finds a hot key').check();
  await alert.getByLabel('Freq above').fill('255');
  await alert.getByRole('button', { name: 'Save rule' }).click();
  await expect(alert.getByText('The threshold is a whole number from 0 to 254.')).toBeVisible();
  await alert.getByLabel('Freq above').fill('254');
  await alert.getByLabel('for keys matching').fill('user:*');
  await alert.getByRole('button', { name: 'Save rule' }).click();
  await expect(rule).toHaveText('On: a key with freq above 254 matching user:* raises an alert.');
  await page.reload();
  await expect(rule).toHaveText('On: a key with freq above 254 matching user:* raises an alert.');

  await alert.getByLabel('Alert when an analysis finds a hot key').uncheck();
  await alert.getByRole('button', { name: 'Save rule' }).click();
  await expect(rule).toHaveText('No alert is raised for this instance.');
});
