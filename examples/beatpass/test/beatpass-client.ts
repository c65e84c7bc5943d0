import axios, { AxiosInstance } from 'axios';
import { Cookie, CookieJar } from 'tough-cookie';

/** The BeatPass domains the tests configure as stateful, and one that is not. */
export const BEATPASS_ORIGIN = 'https://app.beatpass.test';
export const FOREIGN_ORIGIN = 'https://evil.example';
export const STATEFUL_DOMAINS = 'beatpass.test,app.beatpass.test';

export interface Browser {
  http: AxiosInstance;
  jar: CookieJar;
  cookie(name: string): Cookie | undefined;
}

/**
 * One browser running the BeatPass SPA: axios as its client docs configure it (`withCredentials`,
 * `withXSRFToken`), its cookie jar, and its Origin. In Node axios cannot read `document.cookie`, so an
 * interceptor does what browser axios does: the XSRF-TOKEN cookie, URL-decoded, in `X-XSRF-TOKEN`.
 * Never throws on an HTTP status: the tests assert it.
 */
export function browser(baseUrl: string, origin = BEATPASS_ORIGIN, jar = new CookieJar()): Browser {
  const http = axios.create({
    baseURL: baseUrl,
    withCredentials: true,
    withXSRFToken: true,
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', Origin: origin, Referer: `${origin}/` },
    validateStatus: () => true,
  });
  const cookie = (name: string) => jar.getCookiesSync(baseUrl).find((entry) => entry.key === name);
  http.interceptors.request.use((config) => {
    const header = jar.getCookieStringSync(new URL(config.url ?? '', baseUrl).toString());
    if (header) config.headers.set('Cookie', header);
    const xsrf = cookie('XSRF-TOKEN')?.value;
    if (xsrf && !config.headers.has('X-XSRF-TOKEN')) config.headers.set('X-XSRF-TOKEN', decodeURIComponent(xsrf));
    return config;
  });
  http.interceptors.response.use((response) => {
    const url = new URL(response.config.url ?? '', baseUrl).toString();
    for (const setCookie of [response.headers['set-cookie'] ?? []].flat()) jar.setCookieSync(setCookie, url);
    return response;
  });
  return { http, jar, cookie };
}

/** The documented flow: `GET /sanctum/csrf-cookie`, then `POST /login`; returns the login answer. */
export async function signIn(client: Browser, email: string, password: string) {
  await client.http.get('/sanctum/csrf-cookie');
  return client.http.post('/login', { email, password });
}

export interface DemoAccount {
  email: string;
  password: string;
  roles: string[];
}

/** `demo:seed`'s one JSON object. */
export function demoAccounts(out: string): { admin: DemoAccount; listener: DemoAccount } {
  const { accounts } = JSON.parse(out) as { accounts: DemoAccount[] };
  const admin = accounts.find((account) => account.roles.includes('admin'));
  const listener = accounts.find((account) => !account.roles.includes('admin'));
  if (!admin || !listener) throw new Error(`demo:seed printed no admin or no listener: ${out}`);
  return { admin, listener };
}

/** Where the provider sends the browser back (the callback on APP_URL), as a path on the server under test. */
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

/**
 * "Sign in with …" as the SPA does it: the browser leaves for `start` (`/auth/{provider}/redirect?redirect_to=…`,
 * or the Account Settings link route), `atProvider` plays the provider's pages and returns where it sends the
 * browser back, and the callback answers with a redirect to the SPA: that URL is returned (`?error=…` on failure).
 */
export async function socialSignIn(client: Browser, start: string, atProvider: (providerUrl: string) => Promise<URL>): Promise<URL> {
  const redirect = await client.http.get(start, { maxRedirects: 0 });
  if (redirect.status !== 302) throw new Error(`${start} answered ${redirect.status}: ${JSON.stringify(redirect.data)}`);
  const callback = await atProvider(redirect.headers.location as string);
  const back = await client.http.get(pathOf(callback), { maxRedirects: 0 });
  if (back.status !== 302) throw new Error(`the callback answered ${back.status}: ${JSON.stringify(back.data)}`);
  return new URL(back.headers.location as string);
}

/** The SPA's "Sign in with {provider}" link, back to its home page. */
export const signInWith = (provider: string, redirectTo = `${BEATPASS_ORIGIN}/`) =>
  `/auth/${provider}/redirect?redirect_to=${encodeURIComponent(redirectTo)}`;
