/**
 * Debian's Chromium, launched the way this machine allows: Playwright cannot download its own browser here,
 * and without the networking flags Chromium keeps trying to reach hosts the machine cannot reach.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
