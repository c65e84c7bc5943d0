import { earliest, tokenExpiry } from './token-expiry';

const at = (iso: string) => new Date(iso);

describe('tokenExpiry', () => {
  const createdAt = at('2030-01-01T00:00:00Z');

  it('is the own expires_at without SANCTUM_EXPIRATION, and never without either', () => {
    expect(tokenExpiry({ createdAt, expiresAt: at('2030-01-02T00:00:00Z') }, null)).toEqual(at('2030-01-02T00:00:00Z'));
    expect(tokenExpiry({ createdAt, expiresAt: null }, null)).toBeNull();
  });

  it('is the earlier of expires_at and created_at + SANCTUM_EXPIRATION', () => {
    expect(tokenExpiry({ createdAt, expiresAt: null }, 60)).toEqual(at('2030-01-01T01:00:00Z'));
    expect(tokenExpiry({ createdAt, expiresAt: at('2030-01-01T00:30:00Z') }, 60)).toEqual(at('2030-01-01T00:30:00Z'));
    expect(tokenExpiry({ createdAt, expiresAt: at('2030-01-01T02:00:00Z') }, 60)).toEqual(at('2030-01-01T01:00:00Z'));
  });
});

describe('earliest', () => {
  it('treats null as never', () => {
    expect(earliest(null, null)).toBeNull();
    expect(earliest(at('2030-01-01T00:00:00Z'), null)).toEqual(at('2030-01-01T00:00:00Z'));
    expect(earliest(null, at('2030-01-01T00:00:00Z'))).toEqual(at('2030-01-01T00:00:00Z'));
    expect(earliest(at('2030-01-02T00:00:00Z'), at('2030-01-01T00:00:00Z'))).toEqual(at('2030-01-01T00:00:00Z'));
  });
});
