import type { AxiosInstance } from 'axios';
import { CookieJar } from 'tough-cookie';

/** Where XetaSuite's SPA is served from in development: a stateful domain by default, so Sanctum uses the session. */
export const SPA_ORIGIN = 'http://localhost:3000';

export interface Browser {
  httpClient: AxiosInstance;
  AuthRepository: typeof import('./AuthRepository').AuthRepository;
  jar: CookieJar;
}

/**
 * What a browser tab adds to the printed client: a cookie jar (withCredentials), the X-XSRF-TOKEN header copied
 * from the XSRF-TOKEN cookie, URL-decoded (what browser axios does for withXSRFToken; Node's axios does not), and
 * the Origin and Referer of the SPA's page.
 */
function giveCookieJar(http: AxiosInstance, baseUrl: string): CookieJar {
  const jar = new CookieJar();
  http.interceptors.request.use((config) => {
    const url = new URL(config.url ?? '', baseUrl).toString();
    const cookies = jar.getCookieStringSync(url);
    if (cookies) config.headers.set('Cookie', cookies);
    const xsrf = jar.getCookiesSync(url).find((cookie) => cookie.key === 'XSRF-TOKEN')?.value;
    if (config.withXSRFToken && xsrf) config.headers.set('X-XSRF-TOKEN', decodeURIComponent(xsrf));
    config.headers.set('Origin', SPA_ORIGIN);
    config.headers.set('Referer', `${SPA_ORIGIN}/`);
    return config;
  });
  const remember = (setCookie: unknown, url: string) => {
    for (const header of [setCookie ?? []].flat()) jar.setCookieSync(String(header), url);
  };
  http.interceptors.response.use(
    (response) => {
      remember(response.headers['set-cookie'], new URL(response.config.url ?? '', baseUrl).toString());
      return response;
    },
    (error: { response?: { headers: Record<string, unknown>; config: { url?: string } } }) => {
      if (error.response) remember(error.response.headers['set-cookie'], new URL(error.response.config.url ?? '', baseUrl).toString());
      return Promise.reject(error);
    },
  );
  return jar;
}

/** A fresh browser tab on the example: the client's own modules, loaded anew (their own httpClient and cookies). */
export function openBrowser(baseUrl: string): Browser {
  process.env.VITE_API_URL = baseUrl;
  let browser: Browser | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const httpClient = (require('./httpClient') as typeof import('./httpClient')).default;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AuthRepository } = require('./AuthRepository') as typeof import('./AuthRepository');
    browser = { httpClient, AuthRepository, jar: giveCookieJar(httpClient, baseUrl) };
  });
  return browser!;
}
