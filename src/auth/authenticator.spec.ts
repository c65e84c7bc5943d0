import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config.types';
import type { SessionLookup, SessionsService } from '../sessions/sessions.service';
import type { TokenAuthentication, TokenAuthenticator } from '../tokens/token-authenticator';
import type { UsersService } from '../users/users.service';
import { Authenticator } from './authenticator';

// The collaborators are stand-ins recording the calls: this spec is about the decision order
// alone; the e2e suites run the same decisions against the real database.
const SESSION_ID = 'a'.repeat(40);
const user = { id: 7 };
const session = { userId: 7, remember: true, hash: 'h' };
const token = { id: 3, abilities: ['*'] };

/** `warm`: what the caches hold (a session lookup, the user, a token outcome); anything else needs the database. */
function setup(opts: { session?: SessionLookup; bearer?: TokenAuthentication; warm?: { session?: SessionLookup; user?: boolean; bearer?: TokenAuthentication } }) {
  const calls: string[] = [];
  const sessions = {
    find: (id: string) => (calls.push(`session:${id.length}`), Promise.resolve(opts.session ?? { record: null, expired: false })),
    findCached: () => opts.warm?.session,
    touch: () => calls.push('touch'),
  } as unknown as SessionsService;
  const tokens = {
    authenticate: () => (calls.push('bearer'), Promise.resolve(opts.bearer ?? { failure: 'token_invalid' })),
    fromCache: () => opts.warm?.bearer,
  } as unknown as TokenAuthenticator;
  const users = {
    findAuthenticatable: () => (calls.push('user'), Promise.resolve(user)),
    cachedAuthenticatable: () => (opts.warm?.user ? user : undefined),
  } as unknown as UsersService;
  const config = { statefulDomains: ['spa.test'], session: { cookie: 'gatehouse_session' } } as unknown as AppConfig;
  return { calls, authenticator: new Authenticator(sessions, tokens, users, config) };
}

const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;
const cookie = { cookie: `gatehouse_session=${SESSION_ID}` };
const bearer = { authorization: 'Bearer 3|secret' };

describe('Authenticator', () => {
  describe('credentials', () => {
    it('a web route always uses the session cookie; an API route only from a stateful origin', () => {
      const { authenticator } = setup({});
      expect(authenticator.credentials(request(cookie), 'web')).toMatchObject({ usesSession: true, sessionId: SESSION_ID });
      expect(authenticator.credentials(request(cookie), 'api')).toMatchObject({ usesSession: false, sessionId: null, hasSessionCookie: true });
      const stateful = authenticator.credentials(request({ ...cookie, origin: 'https://spa.test' }), 'api');
      expect(stateful).toMatchObject({ usesSession: true, sessionId: SESSION_ID });
    });

    it('ignores a malformed session id and reads the bearer token', () => {
      const { authenticator } = setup({});
      const credentials = authenticator.credentials(request({ cookie: 'gatehouse_session=short', ...bearer }), 'web');
      expect(credentials).toMatchObject({ sessionId: null, hasSessionCookie: true, bearer: '3|secret' });
    });
  });

  describe('authenticate, in auth:sanctum order', () => {
    it('takes the session first and never looks at the bearer token then', async () => {
      const { authenticator, calls } = setup({ session: { record: session as never } });
      const result = await authenticator.authenticate(authenticator.credentials(request({ ...cookie, ...bearer }), 'web'));
      expect(calls).toEqual(['session:40', 'user', 'touch']);
      expect(result.caller).toMatchObject({ via: 'session', user });
      expect(result.cookies).toEqual({ issue: true, remember: true });
      expect(result.failure).toBeNull();
    });

    it('falls back to the bearer token when the session is unknown', async () => {
      const { authenticator, calls } = setup({ bearer: { user, token } as never });
      const result = await authenticator.authenticate(authenticator.credentials(request({ ...cookie, ...bearer }), 'web'));
      expect(calls).toEqual(['session:40', 'bearer']);
      expect(result.caller).toMatchObject({ via: 'token', token });
      expect(result.cookies.issue).toBe(false);
    });

    it('reports the bearer failure over an expired session, and the expiry without a bearer', async () => {
      const expired = { session: { record: null, expired: true } as SessionLookup, bearer: { failure: 'token_expired' } as TokenAuthentication };
      const both = setup(expired);
      const withBearer = await both.authenticator.authenticate(both.authenticator.credentials(request({ ...cookie, ...bearer }), 'web'));
      expect(withBearer).toMatchObject({ caller: null, failure: 'token_expired' });
      const alone = setup(expired);
      expect(await alone.authenticator.authenticate(alone.authenticator.credentials(request(cookie), 'web'))).toMatchObject({ failure: 'session_expired' });
    });

    it('names a session cookie from a non-stateful origin on an API route, without a lookup', async () => {
      const { authenticator, calls } = setup({});
      const result = await authenticator.authenticate(authenticator.credentials(request(cookie), 'api'));
      expect(calls).toEqual([]);
      expect(result).toMatchObject({ caller: null, failure: 'origin_not_stateful' });
    });

    it('answers no_credentials when nothing was sent', async () => {
      const { authenticator } = setup({});
      expect(await authenticator.authenticate(authenticator.credentials(request({}), 'api'))).toMatchObject({ caller: null, failure: 'no_credentials' });
    });

    it('answers from the caches alone, as authenticate would, when nothing is to be looked up or all of it is warm', async () => {
      const expiredSession = { record: null, expired: true } as const;
      const cases: Array<[Record<string, string>, 'api' | 'web', Parameters<typeof setup>[0]]> = [
        [{}, 'api', {}],
        [cookie, 'api', {}],
        [{ cookie: 'gatehouse_session=short' }, 'web', {}],
        [cookie, 'web', { session: { record: session as never }, warm: { session: { record: session as never }, user: true } }],
        [bearer, 'api', { bearer: { user, token } as never, warm: { bearer: { user, token } as never } }],
        [bearer, 'api', { bearer: { failure: 'token_expired' }, warm: { bearer: { failure: 'token_expired' } } }],
        [{ ...cookie, ...bearer }, 'web', { session: expiredSession, bearer: { user, token } as never, warm: { session: expiredSession, bearer: { user, token } as never } }],
      ];
      for (const [headers, family, opts] of cases) {
        const { authenticator } = setup(opts);
        const credentials = authenticator.credentials(request(headers), family);
        expect({ headers, cached: authenticator.fromCaches(credentials) }).toEqual({ headers, cached: await authenticator.authenticate(credentials) });
      }
    });

    it('answers null (ask the database) when any part it needs is cold', () => {
      const cold: Array<[Record<string, string>, 'api' | 'web', Parameters<typeof setup>[0]]> = [
        [cookie, 'web', {}],
        [cookie, 'web', { warm: { session: { record: session as never } } }],
        [bearer, 'api', {}],
        [{ ...cookie, ...bearer }, 'web', { warm: { session: { record: null, expired: true } } }],
      ];
      for (const [headers, family, opts] of cold) {
        const { authenticator, calls } = setup(opts);
        expect(authenticator.fromCaches(authenticator.credentials(request(headers), family))).toBeNull();
        expect(calls).toEqual([]);
      }
    });

    it('returns a frozen result', async () => {
      const { authenticator } = setup({ session: { record: session as never } });
      const result = await authenticator.authenticate(authenticator.credentials(request(cookie), 'web'));
      expect(Object.isFrozen(result)).toBe(true);
      expect(Object.isFrozen(result.cookies)).toBe(true);
      expect(() => Object.assign(result, { caller: null })).toThrow(TypeError);
    });
  });
});
