import { Injectable } from '@nestjs/common';
import { fieldError } from '../common/api-error';
import { TokenLoginResponse, TokenLoginService } from '../tokens/token-login.service';
import { PENDING_LOGIN_TTL_SECONDS, PendingLoginsService } from '../two-factor/pending-logins.service';
import { ChallengeAnswer, ChallengeField, challengeFieldOf, TwoFactorChallengeService } from '../two-factor/two-factor-challenge.service';
import { TwoFactorStore } from '../two-factor/two-factor.store';
import { User } from '../users/user.entity';
import { SessionLoginService } from './session-login.service';
import type { RequestFacts } from '../common/request-facts';
import { guestHandoff, SessionHandle, SessionHandoff } from './session-handle';

export const CHALLENGE_FAILED: Record<ChallengeField, string> = {
  code: 'The provided two factor authentication code was invalid.',
  recovery_code: 'The provided two factor recovery code was invalid.',
  credential: 'The provided passkey was invalid.',
};
export const CHALLENGE_TOKEN_INVALID = 'The two factor challenge is invalid or has expired.';

/** A password step that ended in a challenge: the guest id the pending login is tied to, when the browser had none. */
export interface PendingSessionLogin {
  readonly session: SessionHandoff | null;
}

export interface TokenChallengeResponse {
  two_factor: true;
  challenge_token: string;
  expires_in: number;
}

/**
 * The branch point of both login flows for users with confirmed two-factor authentication, and
 * where they end: the password step records a pending login (tied to the browser's session cookie,
 * or to a challenge token), and a correct code or recovery code turns it into a session or a token.
 */
@Injectable()
export class TwoFactorLoginGate {
  constructor(
    private readonly store: TwoFactorStore,
    private readonly pending: PendingLoginsService,
    private readonly challenges: TwoFactorChallengeService,
    private readonly sessionLogin: SessionLoginService,
    private readonly tokenLogin: TokenLoginService,
  ) {}

  /** The challenge started instead of logging the session in (POST /login), or null when no code is needed. */
  async challengeSessionLogin(current: SessionHandle, user: User, remember: boolean): Promise<PendingSessionLogin | null> {
    if (!this.store.isActive(user)) return null;
    // The SPA fetched /sanctum/csrf-cookie first, so the browser normally has an id already.
    const guest = guestHandoff(current);
    await this.pending.startForSession(user.id, guest.sessionId, remember);
    return Object.freeze({ session: current.id ? null : guest });
  }

  /** The body of POST /api/login for a 2FA user (answered with 200), or null when no code is needed. */
  async challengeTokenLogin(user: User, deviceName: string, abilities: string[]): Promise<TokenChallengeResponse | null> {
    if (!this.store.isActive(user)) return null;
    const challengeToken = await this.pending.startForToken(user.id, deviceName, abilities);
    return { two_factor: true, challenge_token: challengeToken, expires_in: PENDING_LOGIN_TTL_SECONDS };
  }

  /** POST /two-factor-challenge: logs the browser in under a new session id, or 422 (docs/http-contract.md §3). */
  async completeSessionChallenge(facts: RequestFacts, current: SessionHandle, answer: ChallengeAnswer): Promise<SessionHandoff> {
    const sessionId = current.id;
    const outcome = sessionId
      ? await this.challenges.attempt(facts, { kind: 'session', sessionId }, answer)
      : ({ ok: false, field: challengeFieldOf(answer) } as const);
    if (!outcome.ok) throw fieldError(outcome.field, CHALLENGE_FAILED[outcome.field]);
    return this.sessionLogin.login(facts, current, outcome.user, outcome.pending.remember);
  }

  /** POST /api/two-factor-challenge: mints the token asked for at /api/login, or 422 (docs/http-contract.md §4, §10.23). */
  async completeTokenChallenge(facts: RequestFacts, challengeToken: string, answer: ChallengeAnswer): Promise<TokenLoginResponse> {
    const outcome = await this.challenges.attempt(facts, { kind: 'token', challengeToken }, answer);
    if (!outcome.ok) {
      if (outcome.reason === 'no_pending_login') throw fieldError('challenge_token', CHALLENGE_TOKEN_INVALID);
      throw fieldError(outcome.field, CHALLENGE_FAILED[outcome.field]);
    }
    const { user, pending } = outcome;
    // The token /api/login would have issued: same device name and abilities, same audit events.
    return this.tokenLogin.issue(facts, user, pending.deviceName ?? 'unknown', pending.abilities ?? ['*']);
  }
}
