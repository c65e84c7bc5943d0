import type { ChildProcess } from 'node:child_process';
import { Browser, BrowserContext, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startSpaServer, stopSpaServer, waitForState } from '../support/spa-browser';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { chromiumPlan } from '../support/chromium';

// Skips (one line on stderr) without a Chromium, except under CI / REQUIRE_BROWSER, where it fails.
const plan = chromiumPlan(process.env);
if (plan.skipReason) process.stderr.write(`${plan.skipReason}\n`);
const describeInBrowser = plan.executablePath ? describe : describe.skip;
jest.setTimeout(90_000);

describeInBrowser(`example SPA in headless Chromium${plan.skipReason ? ` (${plan.skipReason})` : ''}`, () => {
  let spa: { child: ChildProcess; port: number } | undefined;
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    spa = await startSpaServer();
    t = await startApp({ env: { SANCTUM_STATEFUL_DOMAINS: `localhost:${spa.port}` } });
    browser = await chromium.launch({ executablePath: plan.executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
    await stopSpaServer(spa?.child);
  });

  it('walks csrf-cookie → login → /api/user → logout from another origin', async () => {
    const user = await createUser(t.app, { name: 'Browser Bea' });
    const apiPort = new URL(t.url).port;
    const apiUrl = `http://localhost:${apiPort}`;
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(`http://localhost:${spa!.port}/?api=${encodeURIComponent(apiUrl)}`);
    await waitForState(page, 'guest');
    expect(await page.textContent('#api-url')).toBe(apiUrl);

    await page.fill('#email', user.email);
    await page.fill('#password', user.plainPassword);
    await page.click('#login');
    await waitForState(page, 'logged-in');
    expect(await page.getAttribute('#user', 'data-email')).toBe(user.email);
    expect(JSON.parse((await page.textContent('#user'))!)).toMatchObject({ id: user.id, name: 'Browser Bea', email: user.email });
    expect(await page.$$eval('#log li', (items) => items.map((item) => item.textContent))).toEqual([
      'GET /api/auth/check → 200',
      'GET /sanctum/csrf-cookie → 204',
      'POST /login → 200',
      'GET /api/user → 200',
    ]);

    // The browser holds the cookies of docs/http-contract.md §2.2–2.3, for the API's host.
    const cookies = await context.cookies(apiUrl);
    const session = cookies.find((cookie) => cookie.name === 'gatehouse_session');
    const xsrf = cookies.find((cookie) => cookie.name === 'XSRF-TOKEN');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(xsrf).toMatchObject({ httpOnly: false, sameSite: 'Lax', path: '/' });

    // Server side: one session row for this browser, stored by hash, and the audit trail.
    const { rows: sessions } = await t.db.query('SELECT id, user_agent FROM sessions WHERE user_id = $1', [user.id]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].user_agent).toMatch(/HeadlessChrome|Chrome/);
    expect(sessions[0].id).not.toBe(session!.value);

    // A reload keeps the session: the page finds it through /api/auth/check.
    await page.reload();
    await waitForState(page, 'logged-in');
    expect(await page.textContent('#status')).toBe(`logged in as ${user.email} (via session)`);

    await page.click('#logout');
    await waitForState(page, 'logged-out');
    expect(await page.textContent('#status')).toBe('logged out (GET /api/user → 401)');
    expect(await page.$$eval('#log li', (items) => items.slice(-2).map((item) => item.textContent))).toEqual([
      'POST /logout → 204',
      'GET /api/user → 401',
    ]);
    const { rows: after } = await t.db.query('SELECT 1 FROM sessions WHERE user_id = $1', [user.id]);
    expect(after).toHaveLength(0);
    const { rows: audit } = await t.db.query('SELECT event, user_agent FROM audit_events WHERE user_id = $1 ORDER BY id', [user.id]);
    expect(audit.map((row) => row.event)).toEqual(['login.succeeded', 'logout']);
    expect(audit[0].user_agent).toMatch(/Chrome/);
    expect(pageErrors).toEqual([]);
  });

  it('shows the 422 message for wrong credentials', async () => {
    const user = await createUser(t.app);
    const page = await context.newPage();
    await page.goto(`http://localhost:${spa!.port}/?api=${encodeURIComponent(`http://localhost:${new URL(t.url).port}`)}`);
    await waitForState(page, 'guest');
    await page.fill('#email', user.email);
    await page.fill('#password', 'not-the-password');
    await page.click('#login');
    await page.waitForFunction(() => document.body.dataset.state === 'error');
    expect(await page.textContent('#error')).toBe('422: These credentials do not match our records.');
  });
});
