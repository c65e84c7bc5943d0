import type { ChildProcess } from 'node:child_process';
import { Browser, BrowserContext, chromium, Request } from 'playwright-core';
import { startOidcProvider, TestOidcProvider } from '../../src/testing/social';
import { startApp, TestApp } from '../support/app';
import { chromiumPlan } from '../support/chromium';
import { CHROMIUM_ARGS, startSpaServer, stopSpaServer, waitForState } from '../support/spa-browser';
import { TcpProxy } from '../support/tcp-proxy';

// Skips (one line on stderr) without a Chromium, except under CI / REQUIRE_BROWSER, where it fails.
const plan = chromiumPlan(process.env);
if (plan.skipReason) process.stderr.write(`${plan.skipReason}\n`);
const describeInBrowser = plan.executablePath ? describe : describe.skip;

jest.setTimeout(90_000);

const ALICE = { sub: 'alice-sub', email: 'alice@corp.example', email_verified: true, name: 'Alice Corp' };
const BOB = { sub: 'bob-sub', email: 'bob@corp.example', email_verified: true, name: 'Bob Corp' };

describeInBrowser(`example SPA: "Sign in with …" in headless Chromium${plan.skipReason ? ` (${plan.skipReason})` : ''}`, () => {
  let spa: { child: ChildProcess; port: number } | undefined;
  let oidc: TestOidcProvider;
  let t: TestApp;
  // The provider must know the callback URL (APP_URL) before the API listens on its free port: a forwarder on
  // a port of its own is APP_URL, and points at the API once it is up.
  let front: TcpProxy;
  let apiUrl: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    spa = await startSpaServer();
    front = new TcpProxy('127.0.0.1', 0);
    await front.start();
    apiUrl = `http://localhost:${front.port}`;
    oidc = await startOidcProvider([{ client_id: 'spa-web', client_secret: 'spa-web-secret', redirect_uris: [`${apiUrl}/auth/corp/callback`, `${apiUrl}/auth/apple/callback`] }], [ALICE, BOB]);
    t = await startApp({
      env: {
        APP_URL: apiUrl,
        SANCTUM_STATEFUL_DOMAINS: `localhost:${spa.port}`,
        OAUTH_PROVIDERS: 'corp,apple',
        OAUTH_CORP_LABEL: 'Corp SSO',
        OAUTH_CORP_ISSUER: oidc.issuer,
        OAUTH_CORP_CLIENT_ID: 'spa-web',
        OAUTH_CORP_CLIENT_SECRET: 'spa-web-secret',
        // The Apple preset (response_mode=form_post) at the same provider.
        OAUTH_APPLE_ISSUER: oidc.issuer,
        OAUTH_APPLE_CLIENT_ID: 'spa-web',
        OAUTH_APPLE_CLIENT_SECRET: 'spa-web-secret',
      },
    });
    front.retarget(Number(new URL(t.url).port));
    browser = await chromium.launch({ executablePath: plan.executablePath, args: CHROMIUM_ARGS });
    context = await browser.newContext();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
    await front?.cut();
    await oidc?.close();
    await stopSpaServer(spa?.child);
  });

  const spaPage = () => `http://localhost:${spa!.port}/?api=${encodeURIComponent(apiUrl)}`;

  it('clicks "Sign in with Corp SSO", signs in on the provider\'s login page and comes back logged in', async () => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(spaPage());
    await waitForState(page, 'guest');

    const button = page.locator('#social a[data-provider="corp"]');
    expect(await button.textContent()).toBe('Sign in with Corp SSO');
    await button.click();
    // The provider's own login page (oidc-provider's interaction), on the provider's origin.
    await page.waitForURL((url) => url.origin === oidc.issuer && url.pathname.startsWith('/interaction/'));
    expect(await page.title()).toBe('Test provider login');
    await page.click(`button[name="sub"][value="${ALICE.sub}"]`);

    // Back on the SPA, through the API's callback.
    await page.waitForURL((url) => url.origin === `http://localhost:${spa!.port}`);
    await waitForState(page, 'logged-in');
    expect(await page.getAttribute('#user', 'data-email')).toBe(ALICE.email);
    expect(await page.textContent('#status')).toBe(`logged in as ${ALICE.email} (via session)`);
    // The page's own axios (withCredentials) now gets the user from GET /api/user.
    // (`api` is the page script's top-level const: a global binding, not a property of window.)
    const me = await page.evaluate("api.get('/api/user').then((response) => ({ status: response.status, email: response.data.email }))");
    expect(me).toEqual({ status: 200, email: ALICE.email });

    // Server side: a new passwordless account, its linked identity, and a session of this browser.
    const { rows } = await t.db.query('SELECT u.id, u.password, a.provider, a.subject FROM users u JOIN social_accounts a ON a.user_id = u.id WHERE u.email = $1', [ALICE.email]);
    expect(rows).toEqual([{ id: expect.any(Number), password: null, provider: 'corp', subject: ALICE.sub }]);
    const { rows: sessions } = await t.db.query('SELECT user_agent FROM sessions WHERE user_id = $1', [rows[0].id]);
    expect(sessions).toHaveLength(1);
    expect(sessions[0].user_agent).toMatch(/Chrome/);
    // The flow cookie was used once and cleared.
    expect((await context.cookies(apiUrl)).map((cookie) => cookie.name)).not.toContain('gatehouse_social');
    expect(pageErrors).toEqual([]);
  });

  it('"Sign in with Apple" (form_post): the provider\'s page POSTs cross-site, and the browser still comes back logged in', async () => {
    const own = await browser.newContext();
    try {
      const page = await own.newPage();
      const callbacks: Request[] = [];
      page.on('request', (request) => {
        if (request.url().startsWith(`${apiUrl}/auth/apple/callback`)) callbacks.push(request);
      });
      await page.goto(spaPage());
      await waitForState(page, 'guest');
      expect(await page.textContent('#social a[data-provider="apple"]')).toBe('Sign in with Apple');
      await page.click('#social a[data-provider="apple"]');
      await page.waitForURL((url) => url.origin === oidc.issuer && url.pathname.startsWith('/interaction/'));
      await page.click(`button[name="sub"][value="${BOB.sub}"]`);
      await page.waitForURL((url) => url.origin === `http://localhost:${spa!.port}`);
      await waitForState(page, 'logged-in');
      expect(await page.getAttribute('#user', 'data-email')).toBe(BOB.email);
      // The provider's form did POST to the callback, and (SameSite=Lax) without the flow cookie.
      expect(callbacks.map((request) => request.method())).toEqual(['POST', 'GET']);
      // allHeaders(): what went over the wire, Cookie included. The cross-site POST carried no flow cookie…
      expect((await callbacks[0].allHeaders()).cookie ?? '').not.toContain('gatehouse_social');
      expect((await callbacks[0].response())?.status()).toBe(303);
      // …the GET it was turned into (a top-level navigation) did.
      expect((await callbacks[1].allHeaders()).cookie).toContain('gatehouse_social=');
    } finally {
      await own.close();
    }
  });

  it('"Cancel" on the provider\'s page comes back as a guest with the fixed error code', async () => {
    const guest = await browser.newContext();
    try {
      const page = await guest.newPage();
      await page.goto(spaPage());
      await waitForState(page, 'guest');
      await page.click('#social a[data-provider="corp"]');
      await page.waitForURL((url) => url.origin === oidc.issuer);
      await page.click('button[name="deny"]');
      await page.waitForURL((url) => url.origin === `http://localhost:${spa!.port}`);
      await waitForState(page, 'guest');
      expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
      expect(await page.textContent('#error')).toBe('social login failed: access_denied');
    } finally {
      await guest.close();
    }
  });
});
