import axios, { AxiosInstance } from 'axios';
import type { RunningExample } from '../../support/example-server';

/**
 * BeanQuick's client as its docs describe it: JSON to `/api/...`, the token from login or registration kept
 * and sent as `Authorization: Bearer {token}` (no cookies). Never throws on HTTP status: tests assert it.
 */
export interface BeanQuickClient {
  http: AxiosInstance;
  /** The stored token; `null` after a logout, as the client clears it. */
  token: string | null;
}

export function beanQuickClient(baseUrl: string): BeanQuickClient {
  const client: BeanQuickClient = { http: axios.create({ baseURL: `${baseUrl}/api`, headers: { Accept: 'application/json' }, validateStatus: () => true }), token: null };
  client.http.interceptors.request.use((config) => {
    if (client.token) config.headers.set('Authorization', `Bearer ${client.token}`);
    return config;
  });
  client.http.interceptors.response.use((response) => {
    const body = response.data as { status?: string; token?: string } | undefined;
    if (body?.status === 'success' && typeof body.token === 'string') client.token = body.token;
    if (response.config.url === '/logout' && response.status === 200) client.token = null;
    return response;
  });
  return client;
}

export interface DemoAccount {
  email: string;
  password: string;
  roles: string[];
  empresa: { id: number; nombre: string } | null;
}

/** `demo:seed` on the example's database: the printed accounts. */
export async function seedDemo(example: RunningExample): Promise<DemoAccount[]> {
  const seeded = await example.cli('demo:seed');
  if (seeded.code !== 0) throw new Error(`demo:seed failed: ${seeded.err}`);
  return (JSON.parse(seeded.out) as { accounts: DemoAccount[] }).accounts;
}

/** A logged-in client for the demo account with that email. */
export async function loggedIn(baseUrl: string, account: DemoAccount): Promise<BeanQuickClient> {
  const client = beanQuickClient(baseUrl);
  const res = await client.http.post('/login', { email: account.email, password: account.password });
  if (res.status !== 201) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.data)}`);
  return client;
}
