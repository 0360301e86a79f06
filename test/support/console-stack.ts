// The browser (console) e2e tests' shared setup: testStack() plus a real Chromium and the ways a person
// signs in, on the customer console (the gateway's public port) or the admin console (its admin port).
//
//   let cs: ConsoleStack;
//   beforeAll(async () => { cs = await consoleStack({ tenants: [{ name: 'Acme' }] }); });
//   afterAll(() => cs?.close());
//   const { page, context } = await cs.signInAs(cs.tenants[0].tenantId, 'billing');
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { createPortalUser, PORTAL_PASSWORD, uniqueEmail } from './portal';
import { testStack, type TestStack, type TestStackOptions } from './test-stack';

/** A browser context of its own (its own cookies) and a page in it. */
export interface BrowserSession {
  context: BrowserContext;
  page: Page;
}

export interface ConsoleStack extends TestStack {
  browser: Browser;
  /** A new context whose viewport is `width` × 900, and a page in it. */
  newSession(width?: number): Promise<BrowserSession>;
  /** Signs an existing portal user in on the customer console, in a new context. */
  signIn(email: string, opts?: { password?: string; width?: number }): Promise<BrowserSession>;
  /** A new portal user of `role` in the tenant (its creation asserted), signed in on the customer console. */
  signInAs(tenantId: string, role: string, opts?: { width?: number }): Promise<BrowserSession & { email: string }>;
  /** A new administrator with this password (its creation asserted): its email. */
  newAdmin(password: string, who?: string): Promise<string>;
  /** Signs an administrator in on the admin console, in a new context. */
  adminSignIn(email: string, password: string): Promise<BrowserSession>;
}

const DEFAULT_WIDTH = 1280;

/** testStack(opts) and a headless Chromium, started side by side; close() closes the browser first. */
export async function consoleStack(opts: TestStackOptions = {}): Promise<ConsoleStack> {
  const [browser, base] = await Promise.allSettled([launchBrowser(), testStack(opts)]);
  if (browser.status === 'rejected' || base.status === 'rejected') {
    if (browser.status === 'fulfilled') await browser.value.close();
    if (base.status === 'fulfilled') await base.value.close();
    throw browser.status === 'rejected' ? browser.reason : (base as PromiseRejectedResult).reason;
  }
  return withBrowser(base.value, browser.value);
}

function withBrowser(base: TestStack, browser: Browser): ConsoleStack {
  const { admin, stack } = base;
  const newSession = async (width = DEFAULT_WIDTH): Promise<BrowserSession> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    return { context, page: await context.newPage() };
  };
  const signIn = async (email: string, { password = PORTAL_PASSWORD, width = DEFAULT_WIDTH } = {}): Promise<BrowserSession> => {
    const session = await newSession(width);
    const { page } = session;
    await page.goto(`${stack.gateway.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return session;
  };
  return {
    ...base,
    browser,
    newSession,
    signIn,
    signInAs: async (tenantId, role, { width } = {}) => {
      const email = uniqueEmail(role);
      expect((await createPortalUser(admin, tenantId, { email, role, password: PORTAL_PASSWORD })).status).toBe(201);
      return { ...(await signIn(email, { width })), email };
    },
    newAdmin: async (password, who = 'ops') => {
      const email = uniqueEmail(who);
      expect((await admin.call('auth', 'POST', '/admin/admins', { email, password })).status).toBe(201);
      return email;
    },
    adminSignIn: async (email, password) => {
      const session = await newSession();
      const { page } = session;
      await page.goto(`${stack.gateway.adminUrl}/console/sign-in`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
      return session;
    },
    close: async () => {
      await browser.close();
      await base.close();
    },
  };
}
