import axios, { AxiosInstance } from 'axios';
import { CookieJar } from 'tough-cookie';

/** GB App's web frontend (Jetstream): axios with its cookie jar and the XSRF-TOKEN header, as a browser sends them. */
export interface WebClient {
  http: AxiosInstance;
  jar: CookieJar;
}

/** Never throws on an HTTP status: the tests assert it. The origin is the app's own (APP_URL). */
export function webClient(baseUrl: string, origin = 'http://localhost:3000'): WebClient {
  const jar = new CookieJar();
  const http = axios.create({
    baseURL: baseUrl,
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', Origin: origin, Referer: `${origin}/` },
    validateStatus: () => true,
  });
  http.interceptors.request.use((config) => {
    const url = new URL(config.url ?? '', baseUrl).toString();
    const cookies = jar.getCookiesSync(url);
    if (cookies.length > 0) config.headers.set('Cookie', cookies.map((c) => c.cookieString()).join('; '));
    const xsrf = cookies.find((c) => c.key === 'XSRF-TOKEN')?.value;
    if (xsrf && !config.headers.has('X-XSRF-TOKEN')) config.headers.set('X-XSRF-TOKEN', decodeURIComponent(xsrf));
    return config;
  });
  http.interceptors.response.use((response) => {
    const url = new URL(response.config.url ?? '', baseUrl).toString();
    for (const setCookie of [response.headers['set-cookie'] ?? []].flat()) jar.setCookieSync(setCookie, url);
    return response;
  });
  return { http, jar };
}

/** The web login of GB App's docs: `/sanctum/csrf-cookie`, then `POST /login`. */
export async function webLogin(baseUrl: string, email: string, password: string): Promise<WebClient> {
  const client = webClient(baseUrl);
  await client.http.get('/sanctum/csrf-cookie');
  const res = await client.http.post('/login', { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.data)}`);
  return client;
}

/** The docs' `curl -X GET …/api/user -H "Authorization: Bearer YOUR_TOKEN" -H "Accept: application/json"`. */
export async function getApiUser(baseUrl: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${baseUrl}/api/user`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  return { status: res.status, body: await res.json() };
}

/** Sanctum's token creation for a mobile client: `POST /api/login` with a device name. */
export async function tokenLogin(baseUrl: string, email: string, password: string, deviceName = 'gb-mobile'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password, device_name: deviceName }),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 201 || !body.token) throw new Error(`token login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

export interface DemoAccount {
  email: string;
  password: string;
  verified: boolean;
  roles: string[];
  username: string;
}

/** `demo:seed`'s one JSON object. */
export function demoAccounts(out: string): { admin: DemoAccount; designer: DemoAccount; pending: DemoAccount } {
  const { accounts } = JSON.parse(out) as { accounts: DemoAccount[] };
  const by = (username: string) => accounts.find((account) => account.username === username)!;
  return { admin: by('jdoe'), designer: by('ddesigner'), pending: by('cpending') };
}
