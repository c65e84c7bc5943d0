import axios, { AxiosInstance } from 'axios';
import { CookieJar } from 'tough-cookie';

export interface SpaClient {
  http: AxiosInstance;
  jar: CookieJar;
  cookie(name: string): string | undefined;
}

/**
 * An axios client configured like the seeds' SPAs (withCredentials + withXSRFToken): a cookie jar,
 * an Origin from a first-party domain, and X-XSRF-TOKEN copied from the XSRF-TOKEN cookie,
 * URL-decoded, exactly as browser axios does. Never throws on HTTP status: tests assert it.
 */
export function spaClient(baseUrl: string, origin = 'http://localhost:3000'): SpaClient {
  const jar = new CookieJar();
  const http = axios.create({
    baseURL: baseUrl,
    headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', Origin: origin, Referer: `${origin}/` },
    validateStatus: () => true,
  });
  const cookie = (name: string) => jar.getCookiesSync(baseUrl).find((c) => c.key === name)?.value;
  http.interceptors.request.use((config) => {
    const url = new URL(config.url ?? '', baseUrl).toString();
    const header = jar.getCookieStringSync(url);
    if (header) config.headers.set('Cookie', header);
    const xsrf = cookie('XSRF-TOKEN');
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

/** csrf-cookie → login, as an SPA does; returns the logged-in client. */
export async function spaLogin(baseUrl: string, email: string, password: string, origin?: string): Promise<SpaClient> {
  const client = spaClient(baseUrl, origin);
  await client.http.get('/sanctum/csrf-cookie');
  const res = await client.http.post('/login', { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.data)}`);
  return client;
}
