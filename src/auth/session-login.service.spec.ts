import type { RequestFacts } from '../common/request-facts';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { GatehouseEvent } from '../events/gatehouse-event.types';
import { SESSION_ID, SessionOrigin, SessionsService } from '../sessions/sessions.service';
import type { User } from '../users/user.entity';
import type { SessionCaller } from './auth-context';
import type { SessionHandle } from './session-handle';
import { SessionLoginService } from './session-login.service';

// The session store is a stand-in recording the calls: this spec is about what the service returns
// and asks the store to do; the e2e suites (test/sessions, test/auth) run it against PostgreSQL.
const NEW_ID = 'n'.repeat(40);
const facts: RequestFacts = { ip: '203.0.113.5', userAgent: 'UnitTest/2' };
const user = { id: 7 } as User;
const noSession: SessionHandle = { id: null, hash: null, remember: false };
const overOldSession: SessionHandle = { id: 'o'.repeat(40), hash: 'old-hash', remember: false };

function setup() {
  const calls: string[] = [];
  const origins: SessionOrigin[] = [];
  const sessions = {
    destroy: (hash: string) => (calls.push(`destroy:${hash}`), Promise.resolve()),
    start: (userId: number, remember: boolean, origin: SessionOrigin) => {
      calls.push(`start:${userId}:${remember}`);
      origins.push(origin);
      return Promise.resolve({ id: NEW_ID });
    },
  } as unknown as SessionsService;
  const events = new GatehouseEvents();
  const seen: GatehouseEvent[] = [];
  events.on('login.succeeded', (event) => void seen.push(event));
  events.on('logout', (event) => void seen.push(event));
  return { calls, origins, seen, service: new SessionLoginService(sessions, events) };
}

describe('SessionLoginService.login', () => {
  it.each([true, false])('returns the new session id to issue, remember=%s, and never reuses the old one', async (remember) => {
    const { service, calls } = setup();
    const handoff = await service.login(facts, overOldSession, user, remember);
    expect(handoff).toEqual({ sessionId: NEW_ID, remember });
    expect(Object.isFrozen(handoff)).toBe(true);
    // Session fixation: the row behind the cookie the browser came with is gone before the new one exists.
    expect(calls).toEqual(['destroy:old-hash', `start:7:${remember}`]);
  });

  it('starts the row and emits login.succeeded with the client facts it was given', async () => {
    const { service, calls, origins, seen } = setup();
    await service.login(facts, noSession, user, true);
    expect(calls).toEqual(['start:7:true']);
    expect(origins).toEqual([{ ipAddress: '203.0.113.5', userAgent: 'UnitTest/2' }]);
    expect(seen).toMatchObject([{ name: 'login.succeeded', userId: 7, ip: '203.0.113.5', userAgent: 'UnitTest/2', metadata: { via: 'session', remember: true } }]);
  });
});

describe('SessionLoginService.logout', () => {
  it("ends the caller's session and returns a fresh guest id, not remembered", async () => {
    const { service, calls, seen } = setup();
    const caller = { via: 'session', user, session: { hash: 'current-hash', remember: true }, token: null } as unknown as SessionCaller;
    const handoff = await service.logout(facts, caller);
    expect(calls).toEqual(['destroy:current-hash']);
    expect(handoff.sessionId).toMatch(SESSION_ID);
    expect(handoff.sessionId).not.toBe(NEW_ID);
    expect(handoff.remember).toBe(false);
    expect(seen).toMatchObject([{ name: 'logout', userId: 7, ip: '203.0.113.5', userAgent: 'UnitTest/2', metadata: { via: 'session' } }]);
  });
});
