import { sha256Hex } from '../common/crypto';
import { SESSION_ID } from '../sessions/sessions.service';
import type { AuthResult } from './auth-context';
import { guestHandoff, sessionHandleOf } from './session-handle';

const COOKIE_ID = 'c'.repeat(40);

function result(sessionId: string | null, session: { hash: string; remember: boolean } | null): AuthResult {
  const caller = session ? { via: 'session', user: { id: 7 }, session, token: null } : null;
  return { sessionId, caller } as unknown as AuthResult;
}

describe('sessionHandleOf', () => {
  it('is empty before authentication ran and without a session cookie', () => {
    const empty = { id: null, hash: null, remember: false };
    expect(sessionHandleOf(undefined)).toEqual(empty);
    expect(sessionHandleOf(result(null, null))).toEqual(empty);
  });

  it('on a public route (no session loaded) keys the row by the cookie id itself, so login can end it', () => {
    expect(sessionHandleOf(result(COOKIE_ID, null))).toEqual({ id: COOKIE_ID, hash: sha256Hex(COOKIE_ID), remember: false });
  });

  it("takes the loaded session's hash and remember flag, frozen", () => {
    const handle = sessionHandleOf(result(COOKIE_ID, { hash: 'loaded-hash', remember: true }));
    expect(handle).toEqual({ id: COOKIE_ID, hash: 'loaded-hash', remember: true });
    expect(Object.isFrozen(handle)).toBe(true);
  });
});

describe('guestHandoff', () => {
  it('keeps the id and remember flag the browser already has (no new CSRF token)', () => {
    expect(guestHandoff({ id: COOKIE_ID, hash: 'h', remember: true })).toEqual({ sessionId: COOKIE_ID, remember: true });
  });

  it('hands a browser without an id a new, well-formed one, different each time', () => {
    const first = guestHandoff({ id: null, hash: null, remember: false });
    const second = guestHandoff({ id: null, hash: null, remember: false });
    expect(first.sessionId).toMatch(SESSION_ID);
    expect(first.remember).toBe(false);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
