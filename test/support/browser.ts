import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../web/e2e/screenshots/', import.meta.url));

/** Debian's Chromium, headless; `.ci/run` installs it when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Collects what the page reports as broken: console errors (CSP refusals among them), uncaught exceptions, 5xx answers. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // The browser logs every 4xx answer; the app handles those (401 before sign-in, a wrong password).
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page: ${error.message}`));
  return problems;
}

/** Saves the page in the light and the dark theme as `<name>-light.png` and `<name>-dark.png`. */
export async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((value) => (document.documentElement.dataset.theme = value), theme);
    // Colours change with a short transition: let it end before the picture.
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SCREENSHOTS}${name}-${theme}.png`, fullPage: true });
  }
  await page.evaluate(() => {
    const saved = localStorage.getItem('levqor.theme');
    document.documentElement.dataset.theme = saved === 'dark' ? 'dark' : 'light';
  });
}
