import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { Browser, BrowserContext, CDPSession, chromium, Page } from 'playwright-core';
import { startApp, TestApp } from '../support/app';
import { chromiumPlan } from '../support/chromium';
import { createUser } from '../support/factories';
import { CHROMIUM_ARGS, startSpaServer, stopSpaServer, waitForState } from '../support/spa-browser';
import { spaClient } from '../support/spa-client';
import { oathtool, seedTwoFactorUser, settledNow, STEP_MS } from '../two-factor/support';

// Skips (one line on stderr) without a Chromium, except under CI / REQUIRE_BROWSER, where it fails.
const plan = chromiumPlan(process.env);
if (plan.skipReason) process.stderr.write(`${plan.skipReason}\n`);
const describeInBrowser = plan.executablePath ? describe : describe.skip;
// The virtual authenticator is slow on small machines.
jest.setTimeout(120_000);

interface Authenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

/**
 * A tab in a fresh browser profile (own cookies) with the DevTools Protocol's virtual authenticator: a platform
 * passkey (ctap2, internal) with resident keys and user verification.
 */
async function withAuthenticator(browser: Browser, contexts: BrowserContext[]): Promise<{ page: Page } & Authenticator> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { page, cdp, authenticatorId };
}

describeInBrowser(`passkeys in the example SPA, headless Chromium${plan.skipReason ? ` (${plan.skipReason})` : ''}`, () => {
  let spa: { child: ChildProcess; port: number } | undefined;
  let elsewhere: { child: ChildProcess; port: number } | undefined;
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let apiUrl: string;
  const spaUrl = () => `http://localhost:${spa!.port}/?api=${encodeURIComponent(apiUrl)}`;

  beforeAll(async () => {
    [spa, elsewhere] = await Promise.all([startSpaServer(), startSpaServer()]);
    // Both SPAs are first-party (sessions, CORS), but only the first is a passkey origin.
    t = await startApp({
      env: {
        SANCTUM_STATEFUL_DOMAINS: `localhost:${spa.port},localhost:${elsewhere.port}`,
        PASSKEY_ORIGINS: `http://localhost:${spa.port}`,
        LOGIN_MAX_ATTEMPTS: '100',
      },
    });
    apiUrl = `http://localhost:${new URL(t.url).port}`;
    browser = await chromium.launch({ executablePath: plan.executablePath, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
    await Promise.all([stopSpaServer(spa?.child), stopSpaServer(elsewhere?.child)]);
  });

  const audit = async (event: string, userId: number) =>
    (await t.db.query('SELECT metadata FROM audit_events WHERE event = $1 AND user_id = $2 ORDER BY id', [event, userId])).rows.map((r) => r.metadata);

  async function passwordLogin(page: Page, email: string, password: string, state: string) {
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('#login');
    await waitForState(page, state);
  }

  async function addPasskey(page: Page, password: string, name: string) {
    await page.fill('#passkey-name', name);
    await page.fill('#confirm-password', password);
    await page.click('#add-passkey');
    await waitForState(page, 'passkey-added');
  }

  async function logOut(page: Page) {
    await page.click('#logout');
    await waitForState(page, 'logged-out');
    await page.fill('#email', '');
    await page.fill('#password', '');
  }

  it('registers a passkey ("Add a passkey"), signs in with it without an email, refuses a replay and a wrong origin, removes it', async () => {
    const user = await createUser(t.app, { name: 'Passkey Pat' });
    const { page, cdp, authenticatorId } = await withAuthenticator(browser, contexts);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(spaUrl());
    await waitForState(page, 'guest');
    await passwordLogin(page, user.email, user.plainPassword, 'logged-in');

    await addPasskey(page, user.plainPassword, 'Headless Chromium');
    expect(await page.$$eval('#passkeys li', (items) => items.map((item) => item.textContent))).toEqual(['Headless Chromium (last used: never) Remove']);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    const { rows: stored } = await t.db.query('SELECT credential_id, transports FROM passkeys WHERE user_id = $1', [user.id]);
    expect(stored).toEqual([{ credential_id: credentials[0].credentialId.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), transports: ['internal'] }]);
    // The first options call answered 423, the page confirmed the password and asked again.
    expect(await page.$$eval('#log li', (items) => items.map((item) => item.textContent).slice(-5))).toEqual([
      'POST /user/passkeys/options → 423',
      'POST /user/confirm-password → 201',
      'POST /user/passkeys/options → 200',
      'POST /user/passkeys → 201',
      'GET /user/passkeys → 200',
    ]);

    await logOut(page);
    const optionsRequest = page.waitForRequest((r) => r.url().endsWith('/passkeys/login/options') && r.method() === 'POST');
    const loginRequest = page.waitForRequest((r) => r.url().endsWith('/passkeys/login') && r.method() === 'POST');
    await page.click('#passkey-login');
    await waitForState(page, 'logged-in');
    expect(JSON.parse((await optionsRequest).postData()!)).toEqual({});
    expect(await page.getAttribute('#user', 'data-email')).toBe(user.email);
    expect(await audit('passkey.login', user.id)).toEqual([{ passkey_id: expect.any(Number), stage: 'login', via: 'session', user_verified: true }]);

    // The browser's assertion, captured and sent again over HTTP: its challenge is used up.
    const { credential } = JSON.parse((await loginRequest).postData()!);
    const replayer = spaClient(t.url, `http://localhost:${spa!.port}`);
    await replayer.http.get('/sanctum/csrf-cookie');
    const replay = await replayer.http.post('/passkeys/login', { credential });
    expect([replay.status, replay.data.errors]).toEqual([422, { credential: ['The provided passkey was invalid.'] }]);
    expect((await replayer.http.get('/api/user')).status).toBe(401);

    // The same passkey from a first-party page that is not a passkey origin: the browser signs, the API refuses.
    await logOut(page);
    await page.goto(`http://localhost:${elsewhere!.port}/?api=${encodeURIComponent(apiUrl)}`);
    await waitForState(page, 'guest');
    await page.click('#passkey-login');
    await page.waitForFunction(() => document.body.dataset.state === 'error', undefined, { timeout: 30_000 });
    expect(await page.textContent('#error')).toBe('422: The provided passkey was invalid.');
    expect((await audit('passkey.failed', user.id)).at(-1)).toEqual({ stage: 'login', reason: 'not_verified', passkey_id: expect.any(Number) });

    // Back on the SPA: sign in again, then remove the passkey.
    await page.goto(spaUrl());
    await waitForState(page, 'guest');
    await page.click('#passkey-login');
    await waitForState(page, 'logged-in');
    await page.click('#list-passkeys');
    await page.waitForSelector('#passkeys li .remove-passkey');
    await page.click('#passkeys li .remove-passkey');
    await waitForState(page, 'passkey-removed');
    expect(await page.$$('#passkeys li')).toHaveLength(0);
    expect((await t.db.query('SELECT 1 FROM passkeys WHERE user_id = $1', [user.id])).rows).toHaveLength(0);
    expect(await audit('passkey.removed', user.id)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });

  it('answers the TOTP challenge with a passkey, skips it with user verification (not without), and drives a mobile token login', async () => {
    const { user, secret } = await seedTwoFactorUser(t);
    const { page, cdp, authenticatorId } = await withAuthenticator(browser, contexts);
    await page.goto(spaUrl());
    await waitForState(page, 'guest');
    await passwordLogin(page, user.email, user.plainPassword, 'two-factor');
    const now = await settledNow(15_000);
    await page.fill('#code', oathtool(secret, now));
    await page.click('#verify-code');
    await waitForState(page, 'logged-in');
    await addPasskey(page, user.plainPassword, 'Second factor');

    // Password, then the passkey as the second factor.
    await logOut(page);
    await passwordLogin(page, user.email, user.plainPassword, 'two-factor');
    await page.click('#passkey-two-factor');
    await waitForState(page, 'logged-in');
    expect(await page.getAttribute('#user', 'data-email')).toBe(user.email);
    expect((await audit('passkey.login', user.id)).at(-1)).toMatchObject({ stage: 'two_factor', via: 'session' });

    // Passwordless with user verification: two factors in one, no challenge.
    await logOut(page);
    await page.click('#passkey-login');
    await waitForState(page, 'logged-in');

    // A mobile app: options and login over the token routes, the assertion from the same virtual authenticator.
    const options = await request(t.url).post('/api/passkeys/login/options').set('Accept', 'application/json').send({});
    expect(options.status).toBe(200);
    const credential = await page.evaluate(
      (optionsJSON) => (window as unknown as { SimpleWebAuthnBrowser: { startAuthentication(o: object): Promise<object> } }).SimpleWebAuthnBrowser.startAuthentication({ optionsJSON }),
      options.body,
    );
    const token = await request(t.url).post('/api/passkeys/login').set('Accept', 'application/json').send({ credential, device_name: 'Chromium phone' });
    expect(token.status).toBe(201);
    expect(token.body).toMatchObject({ token_type: 'Bearer', user: { id: user.id } });
    const me = await request(t.url).get('/api/user').set('Authorization', `Bearer ${token.body.token}`).set('Accept', 'application/json');
    expect(me.body.id).toBe(user.id);
    expect((await audit('passkey.login', user.id)).at(-1)).toMatchObject({ stage: 'login', via: 'token', user_verified: true });

    // Without user verification the TOTP code is still asked for.
    await logOut(page);
    // The same credential on an authenticator that cannot verify the user, asked for by account (email typed).
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    const { authenticatorId: noUv } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: false, automaticPresenceSimulation: true },
    });
    for (const credential of credentials) await cdp.send('WebAuthn.addCredential', { authenticatorId: noUv, credential });
    await page.fill('#email', user.email);
    await page.click('#passkey-login');
    await waitForState(page, 'two-factor');
    expect((await audit('passkey.login', user.id)).at(-1)).toMatchObject({ stage: 'login', user_verified: false });
    await page.fill('#code', oathtool(secret, now + STEP_MS));
    await page.click('#verify-code');
    await waitForState(page, 'logged-in');
  });
});
