import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer, readBody } from './http-server';

export interface GithubTestUser {
  id: number;
  login: string;
  name: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  userId: number;
  used: boolean;
}

export interface TestGithubServer {
  url: string;
  users: Map<number, GithubTestUser>;
  /** Who "approves" the next authorization (a GitHub user already signed in at github.com). */
  signedInAs: number | null;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * A GitHub-shaped OAuth 2.0 server (not OIDC): /login/oauth/authorize, /login/oauth/access_token (single-use codes,
 * PKCE S256 checked), /user and /user/emails behind the bearer token. One registered client.
 */
export async function startGithubServer(client: { id: string; secret: string }, users: GithubTestUser[]): Promise<TestGithubServer> {
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, number>();
  const state: TestGithubServer = { url: '', users: new Map(users.map((u) => [u.id, u])), signedInAs: null, close: async () => undefined };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { message: 'test server failure' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', state.url);
    if (url.pathname === '/login/oauth/authorize') return authorize(url, res);
    if (url.pathname === '/login/oauth/access_token' && req.method === 'POST') return exchange(new URLSearchParams(await readBody(req)), res);
    const userId = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /i, ''));
    const user = userId === undefined ? undefined : state.users.get(userId);
    if (!user) return json(res, 401, { message: 'Bad credentials' });
    if (url.pathname === '/user') return json(res, 200, { id: user.id, login: user.login, name: user.name, email: null });
    if (url.pathname === '/user/emails') return json(res, 200, user.emails);
    json(res, 404, { message: 'Not Found' });
  }

  function authorize(url: URL, res: ServerResponse): void {
    const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
    const back = (params: Record<string, string>) => {
      for (const [k, v] of Object.entries({ ...params, state: url.searchParams.get('state') ?? '' })) redirect.searchParams.set(k, v);
      res.writeHead(302, { location: redirect.toString() });
      res.end();
    };
    if (url.searchParams.get('client_id') !== client.id) return json(res, 400, { error: 'unknown client' });
    if (state.signedInAs === null) return back({ error: 'access_denied', error_description: 'The user has denied your application access.' });
    if (url.searchParams.get('code_challenge_method') !== 'S256') return back({ error: 'invalid_request' });
    const code = randomBytes(10).toString('hex');
    codes.set(code, { clientId: client.id, redirectUri: redirect.toString(), challenge: url.searchParams.get('code_challenge') ?? '', userId: state.signedInAs, used: false });
    back({ code });
  }

  function exchange(form: URLSearchParams, res: ServerResponse): void {
    const issued = codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const valid = issued && !issued.used && form.get('client_id') === client.id && form.get('client_secret') === client.secret
      && form.get('redirect_uri') === issued.redirectUri && challenge === issued.challenge;
    if (issued) issued.used = true;
    if (!valid) return json(res, 400, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    const token = `gho_${randomBytes(16).toString('hex')}`;
    tokens.set(token, issued.userId);
    json(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => closeServer(server);
  return state;
}
