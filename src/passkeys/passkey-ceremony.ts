import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import type { User } from '../users/user.entity';
import type { PasskeyChallengePurpose } from './passkey-challenge.entity';
import { PASSKEY_CHALLENGE_TTL_SECONDS, PasskeyChallenges } from './passkey-challenges';
import type { Passkey } from './passkey.entity';
import { NewPasskey, PasskeysStore } from './passkeys.store';

/** Why a ceremony answer was refused (the audit's `reason`; the client only hears "invalid"). */
export type CeremonyFailure = 'malformed' | 'unknown_challenge' | 'wrong_user' | 'unknown_credential' | 'not_verified' | 'cloned';

export type RegistrationOutcome = { ok: true; passkey: Omit<NewPasskey, 'name'> } | { ok: false; reason: CeremonyFailure; detail?: string };

export type AssertionOutcome =
  | { ok: true; passkey: Passkey; userVerified: boolean }
  | { ok: false; reason: CeremonyFailure; passkey?: Passkey; detail?: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: Record<string, unknown>, keys: string[]) => keys.every((key) => typeof value[key] === 'string' && value[key] !== '');

/** The challenge a response answers, read from its clientDataJSON; null when that is not readable JSON. */
export function challengeOf(response: unknown): string | null {
  if (!isObject(response) || !isObject(response.response) || typeof response.response.clientDataJSON !== 'string') return null;
  try {
    const clientData: unknown = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8'));
    return isObject(clientData) && typeof clientData.challenge === 'string' && clientData.challenge !== '' ? clientData.challenge : null;
  } catch {
    return null;
  }
}

/**
 * WebAuthn §6.1.1: a signature counter that does not move forward means two authenticators share the key (a clone),
 * unless both are 0 (authenticators that do not count, as synced passkeys).
 */
export function counterVerdict(stored: number, received: number): 'ok' | 'cloned' {
  if (stored === 0 && received === 0) return 'ok';
  return received > stored ? 'ok' : 'cloned';
}

/** The WebAuthn user handle of a user: stable, opaque (an HMAC of the id under APP_KEY, never the id or email). */
export function userHandleOf(appKey: Buffer, userId: number): string {
  return createHmac('sha256', appKey).update(`passkey-user-handle|${userId}`).digest('base64url');
}

function isAttestation(value: unknown): value is RegistrationResponseJSON {
  return isObject(value) && strings(value, ['id', 'rawId']) && value.type === 'public-key' && isObject(value.response) && strings(value.response, ['clientDataJSON', 'attestationObject']);
}

function isAssertion(value: unknown): value is AuthenticationResponseJSON {
  return isObject(value) && strings(value, ['id', 'rawId']) && value.type === 'public-key' && isObject(value.response) && strings(value.response, ['clientDataJSON', 'authenticatorData', 'signature']);
}

const MAX_CREDENTIAL_ID_LENGTH = 1364;

const failed = (reason: CeremonyFailure, detail?: string) => ({ ok: false as const, reason, detail });
const bytesOf = (challenge: string) => new Uint8Array(Buffer.from(challenge, 'base64url'));

/**
 * The WebAuthn ceremonies around @simplewebauthn/server: options carrying a stored single-use challenge, and answers
 * checked against it, the configured RP id and origins, the stored public key and its signature counter.
 */
@Injectable()
export class PasskeyCeremony {
  constructor(
    private readonly challenges: PasskeyChallenges,
    private readonly store: PasskeysStore,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Creation options for `user`: resident key and user verification preferred, their passkeys excluded. */
  async registrationOptions(user: User, existing: Passkey[]): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const challenge = await this.challenges.issue('register', user.id);
    return generateRegistrationOptions({
      rpName: this.config.passkeys.rpName,
      rpID: this.config.passkeys.rpId,
      userName: user.email,
      userDisplayName: user.name,
      userID: bytesOf(userHandleOf(this.config.appKey, user.id)),
      challenge: bytesOf(challenge),
      timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
      attestationType: 'none',
      excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
  }

  async verifyRegistration(user: User, response: unknown): Promise<RegistrationOutcome> {
    const challenge = challengeOf(response);
    if (!isAttestation(response) || challenge === null) return failed('malformed');
    const consumed = await this.challenges.consume(challenge, 'register');
    if (!consumed) return failed('unknown_challenge');
    if (consumed.userId !== user.id) return failed('wrong_user');
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.config.passkeys.origins,
        expectedRPID: this.config.passkeys.rpId,
        requireUserVerification: false,
      });
    } catch (error) {
      return failed('not_verified', (error as Error).message);
    }
    if (!verification.verified) return failed('not_verified');
    const info = verification.registrationInfo;
    // WebAuthn caps credential ids at 1023 bytes (1364 in base64url); a crafted "none" attestation could claim more.
    if (info.credential.id.length > MAX_CREDENTIAL_ID_LENGTH) return failed('malformed', 'credential id too long');
    const given: unknown[] = Array.isArray(response.response.transports) ? response.response.transports : [];
    const transports = given.filter((t): t is string => typeof t === 'string' && /^[a-z-]{1,32}$/.test(t)).slice(0, 8);
    return {
      ok: true,
      passkey: {
        credentialId: info.credential.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports,
        backedUp: info.credentialBackedUp,
        deviceType: info.credentialDeviceType,
      },
    };
  }

  /** Request options: `allow` lists the credentials of a known user (none: a discoverable credential picks the user). */
  async authenticationOptions(purpose: PasskeyChallengePurpose, userId: number | null, allow: Passkey[]): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const challenge = await this.challenges.issue(purpose, userId);
    return generateAuthenticationOptions({
      rpID: this.config.passkeys.rpId,
      challenge: bytesOf(challenge),
      timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
      userVerification: 'preferred',
      allowCredentials: allow.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports })),
    });
  }

  /**
   * Checks an assertion for a challenge issued for `purpose`. `userId`: the only user it may log in (a second factor);
   * a challenge issued for one user never logs in another. The counter moves forward only on success.
   */
  async verifyAssertion(purpose: PasskeyChallengePurpose, response: unknown, userId: number | null = null): Promise<AssertionOutcome> {
    const challenge = challengeOf(response);
    if (!isAssertion(response) || challenge === null) return failed('malformed');
    const consumed = await this.challenges.consume(challenge, purpose);
    if (!consumed) return failed('unknown_challenge');
    const passkey = await this.store.findByCredentialId(response.id);
    if (!passkey) return failed('unknown_credential');
    const owner = Number(passkey.userId);
    const handle = response.response.userHandle;
    const wrongUser =
      (consumed.userId !== null && consumed.userId !== owner) ||
      (userId !== null && userId !== owner) ||
      (typeof handle === 'string' && handle !== '' && handle !== userHandleOf(this.config.appKey, owner));
    if (wrongUser) return { ...failed('wrong_user'), passkey };
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: this.config.passkeys.origins,
        expectedRPID: this.config.passkeys.rpId,
        // The counter is judged below (counterVerdict), so that a clone is told apart from a bad signature.
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0, transports: passkey.transports },
        requireUserVerification: false,
      });
    } catch (error) {
      return { ...failed('not_verified', (error as Error).message), passkey };
    }
    if (!verification.verified) return { ...failed('not_verified'), passkey };
    const { newCounter, userVerified } = verification.authenticationInfo;
    if (counterVerdict(Number(passkey.counter), newCounter) === 'cloned') return { ...failed('cloned', `counter ${newCounter} after ${passkey.counter}`), passkey };
    // A parallel assertion with the same counter got there first: the same key signed twice at one count.
    if (!(await this.store.recordUse(passkey.id, newCounter))) return { ...failed('cloned', `counter ${newCounter} raced`), passkey };
    return { ok: true, passkey, userVerified };
  }
}
