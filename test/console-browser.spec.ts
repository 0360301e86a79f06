import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { consoleFixture, ConsoleFixture, FIXTURE_TITLE } from './support/console-fixture';
import { createTestEnv, TestEnv } from './support/env';
import { startStack, Stack } from './support/stack';

// A first run may install Chromium (about a minute); a cold browser takes a second or two.
jest.setTimeout(240_000);

/** Console messages and page errors that mention the Content Security Policy. */
function cspReports(page: Page): string[] {
  const reports: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (/content security policy/i.test(msg.text())) reports.push(msg.text());
  });
  page.on('pageerror', (err) => reports.push(`pageerror: ${err.message}`));
  return reports;
}

describe('the console in Chromium (fixture build)', () => {
  let env: TestEnv;
  let stack: Stack;
  let fixture: ConsoleFixture;
  let browser: Browser;

  beforeAll(async () => {
    fixture = consoleFixture();
    [browser, env] = await Promise.all([launchBrowser(), createTestEnv()]);
    stack = await startStack(env, { gatewayEnv: { CONSOLE_DIR: fixture.dir } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await env?.drop();
    fixture?.remove();
  });

  it('loads a client route, runs the module script from the same origin, and reports no CSP violation', async () => {
    const page = await browser.newPage();
    const reports = cspReports(page);
    const res = await page.goto(`${stack.gateway.url}/console/keys?tab=active`);
    expect(res?.status()).toBe(200);
    // Strings, not functions: they run in the page, and this project's TypeScript has no DOM types.
    await page.waitForFunction(`document.title === ${JSON.stringify(FIXTURE_TITLE)}`);
    expect(await page.textContent('#root')).toBe('route /console/keys?tab=active');
    // The stylesheet from 'self' applied too.
    expect(await page.evaluate('getComputedStyle(document.querySelector("main")).color')).toBe('rgb(17, 34, 51)');
    expect(reports).toEqual([]);
    // Real console pages go to docs/screenshots (the default); the fixture's stays with the fixture.
    const png = await screenshot(page, 'console-fixture', join(fixture.dir, '..', 'screenshots'));
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  });

  it('refuses an inline script and reports it (so the check above can fail)', async () => {
    const page = await browser.newPage();
    const refused = page.waitForEvent('console', { predicate: (msg) => /content security policy/i.test(msg.text()), timeout: 10_000 });
    await page.goto(`${stack.gateway.url}/console/inline-script.html`);
    expect((await refused).text()).toMatch(/inline script/i);
    expect(await page.title()).toBe('inline not run');
    await page.close();
  });
});
