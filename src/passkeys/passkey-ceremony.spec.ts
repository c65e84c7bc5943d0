import { randomBytes } from 'node:crypto';
import { SoftAuthenticator } from '../../test/support/soft-authenticator';
import type { AppConfig } from '../config/config.types';
import { defaultPasskeyOrigins, parsePasskeyOrigins, parseRpId } from '../config/passkey-config';
import type { User } from '../users/user.entity';
import { challengeOf, counterVerdict, PasskeyCeremony, userHandleOf } from './passkey-ceremony';
import type { PasskeyChallengePurpose } from './passkey-challenge.entity';
import type { PasskeyChallenges } from './passkey-challenges';
import type { Passkey } from './passkey.entity';
import type { NewPasskey, PasskeysStore } from './passkeys.store';

/**
 * The ceremony glue with @simplewebauthn/server for real and a software authenticator. The two stores are small
 * in-memory stand-ins with the same contract (single use, by purpose); the PostgreSQL ones are exercised in
 * test/passkeys/.
 */
class MemoryChallenges {
  readonly live = new Map<string, { purpose: PasskeyChallengePurpose; userId: number | null }>();
  async issue(purpose: PasskeyChallengePurpose, userId: number | null): Promise<string> {
    const challenge = randomBytes(32).toString('base64url');
    this.live.set(challenge, { purpose, userId });
    return challenge;
  }
  async consume(challenge: string, purpose: PasskeyChallengePurpose) {
    const entry = this.live.get(challenge);
    if (!entry || entry.purpose !== purpose) return null;
    this.live.delete(challenge);
    return { userId: entry.userId };
  }
}

class MemoryPasskeys {
  readonly rows: Passkey[] = [];
  readonly uses: Array<[number, number]> = [];
  add(userId: number, input: NewPasskey): Passkey {
    const row = { ...input, id: this.rows.length + 1, userId, publicKey: Buffer.from(input.publicKey), createdAt: new Date(), lastUsedAt: null } as Passkey;
    this.rows.push(row);
    return row;
  }
  async findByCredentialId(id: string) {
    return this.rows.find((row) => row.credentialId === id) ?? null;
  }
  async recordUse(id: number, counter: number) {
    this.uses.push([id, counter]);
    this.rows.find((row) => row.id === id)!.counter = counter;
    return true;
  }
}

const ORIGIN = 'https://app.example.com';
const config = {
  appKey: Buffer.alloc(32, 7),
  passkeys: { rpId: 'example.com', rpName: 'Example', origins: [ORIGIN, 'https://example.com'] },
} as unknown as AppConfig;
const alice = { id: 1, email: 'alice@example.com', name: 'Alice' } as User;
const bob = { id: 2, email: 'bob@example.com', name: 'Bob' } as User;

function setup() {
  const challenges = new MemoryChallenges();
  const store = new MemoryPasskeys();
  const ceremony = new PasskeyCeremony(challenges as unknown as PasskeyChallenges, store as unknown as PasskeysStore, config);
  return { challenges, store, ceremony };
}

async function registered(ceremony: PasskeyCeremony, store: MemoryPasskeys, user: User, authenticator = new SoftAuthenticator(ORIGIN, 'example.com')) {
  const outcome = await ceremony.verifyRegistration(user, authenticator.register(await ceremony.registrationOptions(user, [])));
  if (!outcome.ok) throw new Error(`registration refused: ${outcome.reason} ${outcome.detail}`);
  return { authenticator, passkey: store.add(user.id, { ...outcome.passkey, name: 'key' }) };
}

describe('counterVerdict (WebAuthn §6.1.1)', () => {
  it.each([
    [0, 0, 'ok'],
    [0, 1, 'ok'],
    [5, 6, 'ok'],
    [5, 5, 'cloned'],
    [5, 4, 'cloned'],
    [5, 0, 'cloned'],
    [0, 0, 'ok'],
  ])('stored %i, received %i → %s', (stored, received, verdict) => {
    expect(counterVerdict(stored, received)).toBe(verdict);
  });
});

describe('challengeOf', () => {
  const wrap = (clientData: string) => ({ response: { clientDataJSON: Buffer.from(clientData).toString('base64url') } });
  it('reads the challenge from clientDataJSON', () => {
    expect(challengeOf(wrap(JSON.stringify({ type: 'webauthn.get', challenge: 'abc' })))).toBe('abc');
  });
  it.each([[null], ['x'], [{}], [{ response: {} }], [wrap('not json')], [wrap('{"challenge":5}')], [wrap('{"challenge":""}')], [wrap('[]')]])(
    'is null for %j',
    (value) => {
      expect(challengeOf(value)).toBeNull();
    },
  );
});

describe('userHandleOf', () => {
  it('is stable per user and key, opaque, 32 bytes', () => {
    const handle = userHandleOf(config.appKey, 1);
    expect(handle).toBe(userHandleOf(config.appKey, 1));
    expect(handle).not.toBe(userHandleOf(config.appKey, 2));
    expect(handle).not.toBe(userHandleOf(Buffer.alloc(32, 8), 1));
    expect(Buffer.from(handle, 'base64url')).toHaveLength(32);
  });
});

describe('passkey configuration', () => {
  it('defaults the origins to APP_URL and the stateful domains (https; http outside production), without wildcards', () => {
    expect(defaultPasskeyOrigins('https://auth.example.com', ['app.example.com', '*.example.com', 'localhost:5173'], false)).toEqual([
      'https://auth.example.com',
      'https://app.example.com',
      'http://app.example.com',
      'https://localhost:5173',
      'http://localhost:5173',
    ]);
    expect(defaultPasskeyOrigins('https://auth.example.com', ['app.example.com:443'], true)).toEqual(['https://auth.example.com', 'https://app.example.com']);
  });
  it('parses PASSKEY_ORIGINS and PASSKEY_RP_ID strictly', () => {
    expect(parsePasskeyOrigins(' https://a.example.com , http://localhost:5173/ ')).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(() => parsePasskeyOrigins('https://a.example.com/path')).toThrow(/PASSKEY_ORIGINS/);
    expect(() => parsePasskeyOrigins('a.example.com')).toThrow(/PASSKEY_ORIGINS/);
    expect(parseRpId('Example.COM')).toBe('example.com');
    expect(() => parseRpId('https://example.com')).toThrow(/PASSKEY_RP_ID/);
    expect(() => parseRpId('example.com:443')).toThrow(/PASSKEY_RP_ID/);
  });
});

describe('PasskeyCeremony', () => {
  it('builds creation options around a stored challenge, with the RP, an opaque user handle and exclusions', async () => {
    const { ceremony, challenges } = setup();
    const existing = [{ credentialId: 'cred-1', transports: ['usb'] } as Passkey];
    const options = await ceremony.registrationOptions(alice, existing);
    expect(challenges.live.get(options.challenge)).toEqual({ purpose: 'register', userId: 1 });
    expect(options).toMatchObject({
      rp: { id: 'example.com', name: 'Example' },
      user: { id: userHandleOf(config.appKey, 1), name: 'alice@example.com', displayName: 'Alice' },
      attestation: 'none',
      timeout: 300_000,
      excludeCredentials: [{ id: 'cred-1', type: 'public-key', transports: ['usb'] }],
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  });

  it('accepts an attestation once, for the user whose challenge it answers, from a configured origin', async () => {
    const { ceremony } = setup();
    const authenticator = new SoftAuthenticator(ORIGIN, 'example.com');
    const response = authenticator.register(await ceremony.registrationOptions(alice, []));
    const outcome = await ceremony.verifyRegistration(alice, response);
    expect(outcome).toMatchObject({ ok: true, passkey: { credentialId: authenticator.credentials[0].id, counter: 0, transports: ['internal'], deviceType: 'singleDevice' } });
    expect(await ceremony.verifyRegistration(alice, response)).toEqual({ ok: false, reason: 'unknown_challenge' });
    const forBob = authenticator.register(await ceremony.registrationOptions(bob, []));
    expect(await ceremony.verifyRegistration(alice, forBob)).toEqual({ ok: false, reason: 'wrong_user' });
    const elsewhere = new SoftAuthenticator('https://evil.example', 'example.com').register(await ceremony.registrationOptions(alice, []));
    expect(await ceremony.verifyRegistration(alice, elsewhere)).toMatchObject({ ok: false, reason: 'not_verified', detail: expect.stringMatching(/origin/i) });
    expect(await ceremony.verifyRegistration(alice, { id: 'x' })).toEqual({ ok: false, reason: 'malformed' });
    const longId = Buffer.alloc(1100, 1).toString('base64url');
    const tooLong = authenticator.register(await ceremony.registrationOptions(alice, []), { credentialId: longId });
    expect(await ceremony.verifyRegistration(alice, tooLong)).toEqual({ ok: false, reason: 'malformed', detail: 'credential id too long' });
  });

  it('verifies an assertion, moves the counter forward, and calls a counter that goes back a clone', async () => {
    const { ceremony, store } = setup();
    const { authenticator, passkey } = await registered(ceremony, store, alice);
    const options = await ceremony.authenticationOptions('login', null, []);
    expect(options).toMatchObject({ rpId: 'example.com', userVerification: 'preferred', allowCredentials: [] });
    const first = await ceremony.verifyAssertion('login', authenticator.assert(options));
    expect(first).toMatchObject({ ok: true, userVerified: true, passkey: { id: passkey.id } });
    expect(store.uses).toEqual([[passkey.id, 1]]);
    const noUv = await ceremony.verifyAssertion('login', authenticator.assert(await ceremony.authenticationOptions('login', null, []), { userVerified: false }));
    expect(noUv).toMatchObject({ ok: true, userVerified: false });
    const clone = await ceremony.verifyAssertion('login', authenticator.assert(await ceremony.authenticationOptions('login', null, []), { counter: 2 }));
    expect(clone).toMatchObject({ ok: false, reason: 'cloned', detail: 'counter 2 after 2' });
    expect(store.uses).toEqual([
      [passkey.id, 1],
      [passkey.id, 2],
    ]);
  });

  it('keeps challenges to their ceremony and user', async () => {
    const { ceremony, store } = setup();
    const { authenticator } = await registered(ceremony, store, alice);
    const { authenticator: bobKey } = await registered(ceremony, store, bob);
    const secondFactor = await ceremony.authenticationOptions('second_factor', alice.id, []);
    expect(await ceremony.verifyAssertion('login', authenticator.assert(secondFactor))).toEqual({ ok: false, reason: 'unknown_challenge' });
    const forAlice = await ceremony.authenticationOptions('second_factor', alice.id, []);
    expect(await ceremony.verifyAssertion('second_factor', bobKey.assert(forAlice), alice.id)).toMatchObject({ ok: false, reason: 'wrong_user' });
    const login = await ceremony.authenticationOptions('login', null, []);
    expect(await ceremony.verifyAssertion('login', authenticator.assert(login), bob.id)).toMatchObject({ ok: false, reason: 'wrong_user' });
    const wrongRp = await ceremony.authenticationOptions('login', null, []);
    const otherRp = new SoftAuthenticator(ORIGIN, 'other.example');
    otherRp.credentials.push(authenticator.credentials[0]);
    expect(await ceremony.verifyAssertion('login', otherRp.assert(wrongRp))).toMatchObject({ ok: false, reason: 'not_verified' });
  });
});
