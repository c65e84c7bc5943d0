import type { AuthContext } from './auth-context';
import { confirmedPasswordStatus, isPasswordConfirmationStale, passwordConfirmedAt } from './password-confirmation';

describe('isPasswordConfirmationStale (RequirePassword middleware)', () => {
  it('is fresh up to and including the timeout, stale strictly after it', () => {
    expect(isPasswordConfirmationStale(1000, 300, 1300)).toBe(false);
    expect(isPasswordConfirmationStale(1000, 300, 1301)).toBe(true);
  });

  it('treats "never confirmed" (0) as stale', () => {
    expect(isPasswordConfirmationStale(0, 10800, 1_800_000_000)).toBe(true);
  });
});

describe('confirmedPasswordStatus (Fortify ConfirmedPasswordStatusController)', () => {
  it('is confirmed strictly inside the window', () => {
    expect(confirmedPasswordStatus(1000, 300, 1299).confirmed).toBe(true);
    expect(confirmedPasswordStatus(1000, 300, 1300).confirmed).toBe(false);
  });

  it('reports the seconds since confirmation, only when confirmed and positive', () => {
    expect(confirmedPasswordStatus(1000, 300, 1042)).toEqual({ confirmed: true, retryAfter: 42 });
    expect(confirmedPasswordStatus(1000, 300, 1000)).toEqual({ confirmed: true, retryAfter: null });
    expect(confirmedPasswordStatus(1000, 300, 2000)).toEqual({ confirmed: false, retryAfter: null });
  });
});

describe('passwordConfirmedAt', () => {
  const user = {} as AuthContext['user'];

  it('reads the session payload for a session caller', () => {
    const auth = { via: 'session', user, token: null, session: { payload: { password_confirmed_at: 123 } } };
    expect(passwordConfirmedAt(auth as unknown as AuthContext)).toBe(123);
  });

  it('reads the token for a token caller, never the session', () => {
    const auth = { via: 'token', user, session: null, token: { passwordConfirmedAt: 456 } };
    expect(passwordConfirmedAt(auth as unknown as AuthContext)).toBe(456);
  });

  it('is 0 when the credential never confirmed or holds garbage', () => {
    expect(passwordConfirmedAt({ via: 'token', user, session: null, token: { passwordConfirmedAt: null } } as unknown as AuthContext)).toBe(0);
    const garbage = { via: 'session', user, token: null, session: { payload: { password_confirmed_at: 'soon' } } };
    expect(passwordConfirmedAt(garbage as unknown as AuthContext)).toBe(0);
  });
});
