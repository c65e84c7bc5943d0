import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import Provider, { type Configuration } from 'oidc-provider';
import { closeServer, readBody } from './http-server';

export interface OidcTestUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface OidcClientSpec {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export interface TestOidcProvider {
  issuer: string;
  /** The provider's RS256 signing key, so a test can mint id_tokens the provider would sign (expired, other audience). */
  signingKey: KeyObject;
  kid: string;
  users: Map<string, OidcTestUser>;
  close(): Promise<void>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A real OpenID Connect provider (the certified `oidc-provider`) on a free loopback port, with the clients and
 * users a test gives it and a tiny login page instead of the development interactions: pick a user, or deny.
 * Consent is pre-granted, so a login goes straight back to the client.
 */
export async function startOidcProvider(clients: OidcClientSpec[], users: OidcTestUser[]): Promise<TestOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const directory = new Map(users.map((user) => [user.sub, user]));
  const provider = new Provider(issuer, configuration(clients, directory, { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }));
  const callback = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const handled = req.url?.startsWith('/interaction/') ? interaction(provider, req, res, directory) : Promise.resolve(callback(req, res));
    handled.catch(() => res.end());
  });
  return {
    issuer,
    signingKey: privateKey,
    kid,
    users: directory,
    close: () => closeServer(server),
  };
}

function configuration(clients: OidcClientSpec[], users: Map<string, OidcTestUser>, jwk: object): Configuration {
  return {
    clients: clients.map((client) => ({
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: client.client_secret ? 'client_secret_post' : 'none',
    })),
    jwks: { keys: [jwk as never] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['test-cookie-key'] },
    findAccount: (_ctx, sub) => {
      const user = users.get(sub);
      return user ? { accountId: sub, claims: () => ({ ...user }) } : undefined;
    },
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    ttl: { Session: 60, Interaction: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
  };
}

/** GET: the login page (a button per user, and "Cancel"); POST: finish the interaction as the chosen user, or deny. */
async function interaction(provider: Provider, req: IncomingMessage, res: ServerResponse, users: Map<string, OidcTestUser>): Promise<void> {
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      const buttons = [...users.values()].map((u) => `<button name="sub" value="${escapeHtml(u.sub)}" data-email="${escapeHtml(u.email)}">${escapeHtml(u.name)}</button>`);
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>Test provider login</title><form method="post" action="/interaction/${details.uid}">${buttons.join('')}<button name="deny" value="1">Cancel</button></form>`);
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const sub = form.get('sub');
    const result = form.get('deny') || !sub || !users.has(sub)
      ? { error: 'access_denied', error_description: '<b>the user said no</b>' }
      : { login: { accountId: sub } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } catch (error) {
    res.statusCode = 400;
    res.end(`interaction failed: ${(error as Error).message}`);
  }
}

/** Where the provider sends the browser back: a redirect, or (response_mode=form_post) a page that POSTs a form. */
export interface ProviderAnswer {
  /** The callback URL (a redirect's carries the answer in its query). */
  url: URL;
  /** form_post: the fields the provider's page POSTs to `url`; null for a redirect. */
  form: URLSearchParams | null;
}

/** A cookie-carrying walk through the provider's pages, as a browser would, until it redirects off the provider. */
export async function loginAtProvider(issuer: string, authorizationUrl: string, choice: { sub: string } | 'deny'): Promise<URL> {
  const answer = await answerAtProvider(issuer, authorizationUrl, choice);
  if (answer.form) throw new Error('the provider answered with form_post: use answerAtProvider');
  return answer.url;
}

/** The same walk, for either response mode: a form_post answer is read off the provider's auto-submitting page. */
export async function answerAtProvider(issuer: string, authorizationUrl: string, choice: { sub: string } | 'deny'): Promise<ProviderAnswer> {
  const jar = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    let response = await send(url);
    if (new URL(url).pathname.startsWith('/interaction/') && response.status === 200) {
      const body = new URLSearchParams(choice === 'deny' ? { deny: '1' } : { sub: choice.sub });
      response = await send(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    }
    const location = response.headers.get('location');
    if (!location) {
      const page = await response.text();
      const form = formPostOf(page);
      if (form) return form;
      throw new Error(`provider answered ${response.status} at ${url}: ${page}`);
    }
    const next = new URL(location, url);
    if (next.origin !== issuer) return { url: next, form: null };
    url = next.toString();
  }
  throw new Error('too many redirects at the provider');
}

const unescapeHtml = (value: string) =>
  value.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');

/** oidc-provider's form_post page: one form, method post, hidden inputs. */
function formPostOf(page: string): ProviderAnswer | null {
  const action = /<form method="post" action="([^"]*)">/.exec(page);
  if (!action) return null;
  const form = new URLSearchParams();
  for (const input of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"\/>/g)) form.append(unescapeHtml(input[1]), unescapeHtml(input[2]));
  return { url: new URL(unescapeHtml(action[1])), form };
}
