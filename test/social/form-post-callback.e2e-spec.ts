import axios from 'axios';
import { answerAtProvider, ProviderAnswer } from '../../src/testing/social';
import { spaClient, SpaClient, spaLogin } from '../support/spa-client';
import { createUser } from '../support/factories';
import { ALICE, APP_URL, auditEvents, BOB, HOME, pathOf, SocialWorld, startSocialWorld } from './support';

const ORIGIN = { Origin: APP_URL };

/**
 * Apple's preset answers with response_mode=form_post: the provider's page POSTs code and state cross-site to the
 * callback, where the SameSite=Lax flow cookie is not sent. That POST turns into the GET callback (303), a
 * top-level navigation that carries the cookie. Here the preset points at the real oidc-provider.
 */
describe('form_post callbacks (the Apple preset)', () => {
  let world: SocialWorld;
  beforeAll(async () => {
    world = await startSocialWorld({ OAUTH_PROVIDERS: 'corp,apple' });
  });
  afterAll(() => world.close());

  /** The provider's page submitting its form: a cross-site POST, so the browser sends none of our Lax cookies. */
  const submitCrossSite = (answer: ProviderAnswer, body: string = answer.form!.toString()) =>
    axios.post(`${world.t.url}${answer.url.pathname}`, body, {
      maxRedirects: 0,
      validateStatus: () => true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', Origin: 'null', Accept: 'text/html' },
    });

  async function startAtApple(client: SpaClient, choice: { sub: string } | 'deny') {
    const start = await client.http.get(`/auth/apple/redirect?redirect_to=${encodeURIComponent(HOME)}`, { maxRedirects: 0 });
    expect(start.status).toBe(302);
    const providerUrl = new URL(start.headers.location as string);
    return { providerUrl, answer: await answerAtProvider(world.oidc.issuer, providerUrl.toString(), choice) };
  }

  it('asks for form_post, turns the POSTed answer into the GET callback (303), and logs the browser in there', async () => {
    const client = spaClient(world.t.url);
    const { providerUrl, answer } = await startAtApple(client, { sub: ALICE.sub });
    expect(providerUrl.searchParams.get('response_mode')).toBe('form_post');
    expect(providerUrl.searchParams.get('scope')).toBe('openid email');
    expect(answer.url.toString()).toBe(`${APP_URL}/auth/apple/callback`);
    expect([...answer.form!.keys()].sort()).toEqual(['code', 'iss', 'state']);

    const posted = await submitCrossSite(answer);
    expect(posted.status).toBe(303);
    expect(posted.headers['set-cookie']).toBeUndefined();
    const next = new URL(posted.headers.location as string);
    expect(`${next.origin}${next.pathname}`).toBe(`${APP_URL}/auth/apple/callback`);
    expect(Object.fromEntries(next.searchParams)).toEqual(Object.fromEntries(answer.form!));

    // The browser follows the 303 with a GET: a top-level navigation, so its Lax flow cookie comes along.
    const back = await client.http.get(pathOf(next), { maxRedirects: 0 });
    expect(back.status).toBe(302);
    expect(back.headers.location).toBe(HOME);
    const me = await client.http.get('/api/user', { headers: ORIGIN });
    // Apple shares no name in the id_token (only `openid email`): the account is named after the address.
    expect(me.data).toMatchObject({ email: ALICE.email, name: 'alice' });
    expect((await auditEvents(world.t, 'social.registered')).at(-1)?.metadata).toEqual({ provider: 'apple', via: 'session' });
  });

  it('a tampered state through the POST, or the answer replayed with the old flow cookie, ends in an error redirect', async () => {
    const client = spaClient(world.t.url);
    const { answer } = await startAtApple(client, { sub: ALICE.sub });
    const tampered = new URLSearchParams(answer.form!);
    tampered.set('state', 'forged-state');
    const forged = new URL((await submitCrossSite(answer, tampered.toString())).headers.location as string);
    const refused = await client.http.get(pathOf(forged), { maxRedirects: 0 });
    expect(new URL(refused.headers.location as string).searchParams.get('error')).toBe('invalid_state');
    expect((await client.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);

    const second = spaClient(world.t.url);
    const { answer: genuine } = await startAtApple(second, { sub: ALICE.sub });
    const flowCookie = second.cookie('gatehouse_social');
    const next = new URL((await submitCrossSite(genuine)).headers.location as string);
    expect((await second.http.get(pathOf(next), { maxRedirects: 0 })).headers.location).toBe(HOME);
    const attacker = spaClient(world.t.url);
    const replay = await attacker.http.get(pathOf(next), { maxRedirects: 0, headers: { Cookie: `gatehouse_social=${encodeURIComponent(flowCookie!)}` } });
    expect(new URL(replay.headers.location as string).searchParams.get('error')).toBe('provider_error');
    expect((await attacker.http.get('/api/user', { headers: ORIGIN })).status).toBe(401);
  });

  it('a denied consent comes back through the POST as ?error=access_denied, without the provider\'s text', async () => {
    const client = spaClient(world.t.url);
    const { answer } = await startAtApple(client, 'deny');
    expect(answer.form!.get('error')).toBe('access_denied');
    expect(answer.form!.get('error_description')).toBeTruthy();
    const next = new URL((await submitCrossSite(answer)).headers.location as string);
    expect(next.searchParams.has('error_description')).toBe(false);
    const back = await client.http.get(pathOf(next), { maxRedirects: 0 });
    const home = new URL(back.headers.location as string);
    expect(home.searchParams.get('error')).toBe('access_denied');
    expect(home.toString()).not.toMatch(/said/);
  });

  it('who may call the POST: anyone, without an XSRF token, because it reads and sets no session; only form_post providers', async () => {
    const bob = await createUser(world.t.app, { email: BOB.email, password: 'bob-password-1' });
    const signedIn = await spaLogin(world.t.url, BOB.email, 'bob-password-1');
    const before = signedIn.cookie('gatehouse_session');
    // A stateful origin, the session cookie, no X-XSRF-TOKEN: no 419, just the redirect, and the session is untouched.
    const res = await signedIn.http.post('/auth/apple/callback', 'code=x&state=y', {
      maxRedirects: 0,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'X-XSRF-TOKEN': '' },
    });
    expect(res.status).toBe(303);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(signedIn.cookie('gatehouse_session')).toBe(before);
    expect((await signedIn.http.get('/api/user', { headers: ORIGIN })).data.id).toBe(bob.id);
    // Every other unsafe web route still answers 419 without the token.
    expect((await signedIn.http.post('/logout', {}, { headers: { 'X-XSRF-TOKEN': '' } })).status).toBe(419);

    expect((await submitCrossSite({ url: new URL(`${APP_URL}/auth/corp/callback`), form: new URLSearchParams('code=x&state=y') })).status).toBe(404);
    expect((await submitCrossSite({ url: new URL(`${APP_URL}/auth/nope/callback`), form: new URLSearchParams('code=x') })).status).toBe(404);
  });

  it('bad input: a JSON body with arrays, or no body, still only redirects (no 500); the GET callback refuses it', async () => {
    const json = await axios.post(`${world.t.url}/auth/apple/callback`, { code: ['a', 'b'], state: { x: 1 } }, { maxRedirects: 0, validateStatus: () => true });
    expect(json.status).toBe(303);
    expect(new URL(json.headers.location as string).search).toBe('');
    const empty = await axios.post(`${world.t.url}/auth/apple/callback`, undefined, { maxRedirects: 0, validateStatus: () => true });
    expect(empty.status).toBe(303);
    const back = await spaClient(world.t.url).http.get(pathOf(new URL(json.headers.location as string)), { maxRedirects: 0 });
    expect(new URL(back.headers.location as string).searchParams.get('error')).toBe('invalid_state');
  });
});
