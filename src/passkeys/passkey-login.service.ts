import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { SessionHandle, SessionHandoff } from '../auth/session-handle';
import { SessionLoginService } from '../auth/session-login.service';
import { CHALLENGE_TOKEN_INVALID, TwoFactorLoginGate } from '../auth/two-factor-login.gate';
import { fieldError } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { TokenLoginService } from '../tokens/token-login.service';
import type { PendingLoginLookup } from '../two-factor/pending-logins.service';
import { PendingLoginsService } from '../two-factor/pending-logins.service';
import { AuthAnswer, AuthAnswers } from '../users/auth-answers';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { PASSKEY_INVALID } from './passkey-accounts.service';
import { AssertionOutcome, PasskeyCeremony } from './passkey-ceremony';
import { LoginAddressThrottle } from '../throttle/login-address.throttle';
import { PasskeysStore } from './passkeys.store';

export const NO_PASSKEYS = 'No passkey is registered for this account.';

export interface SessionPasskeyLogin {
  session: SessionHandoff | null;
  body: AuthAnswer;
}

export interface TokenPasskeyLogin {
  status: 200 | 201;
  body: unknown;
}

/**
 * Passwordless login with a passkey, ending exactly as POST /login and POST /api/login end; and a passkey as the
 * second factor of a pending login. An assertion with user verification is two factors in itself (something
 * held, plus the PIN or biometric that unlocked it); without, a two-factor user still answers the TOTP challenge.
 */
@Injectable()
export class PasskeyLoginService {
  constructor(
    private readonly ceremony: PasskeyCeremony,
    private readonly store: PasskeysStore,
    private readonly users: UsersService,
    private readonly pending: PendingLoginsService,
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly sessionLogin: SessionLoginService,
    private readonly tokenLogin: TokenLoginService,
    private readonly answers: AuthAnswers,
    private readonly throttle: LoginAddressThrottle,
    private readonly events: GatehouseEvents,
  ) {}

  /**
   * Without an email: a discoverable credential names its user. With one: that account's passkeys are listed
   * (for security keys that are not discoverable); an unknown email gets options like any other, and no login.
   */
  async loginOptions(email: string | undefined): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const user = email ? await this.users.findByEmail(email) : null;
    const allow = user ? await this.store.listForUser(user.id) : [];
    return this.ceremony.authenticationOptions('login', user && allow.length > 0 ? user.id : null, allow);
  }

  /** Options for answering a pending login's challenge with one of its user's passkeys. */
  async secondFactorOptions(lookup: PendingLoginLookup | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const userId = lookup ? await this.pending.userOf(lookup) : null;
    if (userId === null) throw fieldError(lookup?.kind === 'token' ? 'challenge_token' : 'credential', CHALLENGE_TOKEN_INVALID);
    const allow = await this.store.listForUser(userId);
    if (allow.length === 0) throw fieldError('credential', NO_PASSKEYS);
    return this.ceremony.authenticationOptions('second_factor', userId, allow);
  }

  async loginSession(facts: RequestFacts, current: SessionHandle, credential: object, remember: boolean): Promise<SessionPasskeyLogin> {
    const { user, userVerified } = await this.authenticate(facts, credential, 'session');
    if (!userVerified) {
      const pending = await this.twoFactor.challengeSessionLogin(current, user, remember);
      if (pending) return { session: pending.session, body: await this.answers.sessionLogin(user, true) };
    }
    await this.throttle.clear('passkey', facts);
    const session = await this.sessionLogin.login(facts, current, user, remember, user.password === null);
    return { session, body: await this.answers.sessionLogin(user, false) };
  }

  async loginToken(facts: RequestFacts, credential: object, deviceName: string): Promise<TokenPasskeyLogin> {
    const { user, userVerified } = await this.authenticate(facts, credential, 'token');
    if (!userVerified) {
      const challenge = await this.twoFactor.challengeTokenLogin(user, deviceName, ['*']);
      if (challenge) return { status: 200, body: challenge };
    }
    await this.throttle.clear('passkey', facts);
    return { status: 201, body: await this.tokenLogin.issue(facts, user, deviceName, ['*'], 'login', user.password === null) };
  }

  /** The second-factor check TwoFactorChallengeService runs for an assertion (after it took one of the pending login's tries). */
  async checkSecondFactor(facts: RequestFacts, user: User, credential: object, via: 'session' | 'token'): Promise<boolean> {
    const outcome = await this.ceremony.verifyAssertion('second_factor', credential, user.id);
    if (!outcome.ok) {
      await this.reportFailure(facts, outcome, 'two_factor');
      return false;
    }
    await this.events.emit('passkey.login', {
      facts,
      userId: user.id,
      metadata: { passkey_id: Number(outcome.passkey.id), stage: 'two_factor', via, user_verified: outcome.userVerified },
    });
    return true;
  }

  private async authenticate(facts: RequestFacts, credential: object, via: 'session' | 'token'): Promise<{ user: User; userVerified: boolean }> {
    await this.throttle.hit('passkey', facts);
    const outcome = await this.ceremony.verifyAssertion('login', credential);
    const user = outcome.ok ? await this.users.findById(Number(outcome.passkey.userId)) : null;
    if (!outcome.ok || !user) {
      if (!outcome.ok) await this.reportFailure(facts, outcome, 'login');
      throw fieldError('credential', PASSKEY_INVALID);
    }
    // A disabled account (ldap:sync found it gone from the directory) signs in by no credential.
    if (user.disabledAt) {
      await this.events.emit('passkey.failed', { facts, userId: user.id, metadata: { stage: 'login', reason: 'disabled', passkey_id: Number(outcome.passkey.id) } });
      throw fieldError('credential', PASSKEY_INVALID);
    }
    await this.events.emit('passkey.login', {
      facts,
      userId: user.id,
      metadata: { passkey_id: Number(outcome.passkey.id), stage: 'login', via, user_verified: outcome.userVerified },
    });
    return { user, userVerified: outcome.userVerified };
  }

  private async reportFailure(facts: RequestFacts, outcome: Extract<AssertionOutcome, { ok: false }>, stage: 'login' | 'two_factor'): Promise<void> {
    const passkeyId = outcome.passkey ? Number(outcome.passkey.id) : null;
    const userId = outcome.passkey ? Number(outcome.passkey.userId) : undefined;
    if (outcome.reason === 'cloned' && passkeyId !== null) {
      await this.events.emit('passkey.cloned', { facts, userId, metadata: { passkey_id: passkeyId, stage, detail: outcome.detail ?? '' } });
      return;
    }
    await this.events.emit('passkey.failed', { facts, userId, metadata: { stage, reason: outcome.reason, passkey_id: passkeyId } });
  }
}
