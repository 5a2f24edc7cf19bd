import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { watchProblems } from './browser.ts';
import { SessionClient } from './session-client.ts';
import type { TestLevqor } from './test-levqor.ts';

/**
 * Signs a new account up through the API, as the browser suites' fixtures do: its session, and `call`,
 * which answers the body of a 2xx and fails the test on anything else.
 */
export async function signUpByApi(levqor: TestLevqor, email: string, password: string, name: string) {
  const session = new SessionClient(levqor.server!);
  const signup = await session.signup(email, password, name);
  assert.equal(signup.status, 201, JSON.stringify(signup.body));
  const call = async (method: string, url: string, body?: unknown) => {
    const answer = await session.request(method, url, body);
    assert.ok(answer.status < 300, `${method} ${url}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  return { session, call, slug: signup.body.workspace.slug as string, workspaceId: signup.body.workspace.id as string };
}

export interface BrowserSignIn {
  /** What shows once the signed-in app is up. */
  ready: (page: Page) => Locator;
  width?: number;
  /** The workspace the app opens in (as the switcher remembers it), instead of the account's first. */
  workspace?: string;
  permissions?: string[];
}

/** Signs in through the login page in a fresh browser context; `problems` collects what the page reports as broken. */
export async function signInInBrowser(browser: Browser, base: string, email: string, password: string, options: BrowserSignIn): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, permissions: options.permissions ?? [] });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${base}/login`);
  if (options.workspace) await page.evaluate((slug) => localStorage.setItem('levqor.workspace', slug), options.workspace);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await options.ready(page).waitFor();
  return { page, problems };
}
