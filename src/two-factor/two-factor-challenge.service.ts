import { Injectable } from '@nestjs/common';
import { tooManyAttempts } from '../common/api-error';
import { RateLimiter } from '../throttle/rate-limiter';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { PendingLoginLookup, PendingLoginRecord, PendingLoginsService } from './pending-logins.service';
import { TwoFactorStore } from './two-factor.store';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { RequestFacts } from '../common/request-facts';

export interface ChallengeAnswer {
  code?: string | null;
  recovery_code?: string | null;
  /** A WebAuthn assertion (PublicKeyCredential JSON) answering a passkey challenge of this pending login. */
  credential?: object | null;
}

/**
 * Checks a passkey assertion as the second factor of `user`'s pending login. The passkeys module registers it
 * (it depends on this module, not the other way round); without one, an assertion is a wrong answer.
 */
export type PasskeyAnswerCheck = (facts: RequestFacts, user: User, credential: object, via: PendingLoginRecord['kind']) => Promise<boolean>;

/**
 * Code tries per account across all its pending logins. Each pending login allows 5 and the login
 * throttle bounds how many can be started, but only per email+IP: this caps a guesser who knows the
 * password and rotates addresses. It limits codes only; the password step never looks at it, so
 * hitting it cannot lock the owner out of password login (or of recovery once it expires).
 */
export const ACCOUNT_CODE_MAX_ATTEMPTS = 10;
export const ACCOUNT_CODE_DECAY_SECONDS = 900;

/** Which field a failure is reported on: Fortify uses `recovery_code` whenever one was sent. */
export type ChallengeField = 'code' | 'recovery_code' | 'credential';

export function challengeFieldOf(answer: ChallengeAnswer): ChallengeField {
  if (answer.recovery_code) return 'recovery_code';
  return answer.credential ? 'credential' : 'code';
}

export type ChallengeOutcome =
  | { ok: true; user: User; pending: PendingLoginRecord }
  | { ok: false; reason: 'no_pending_login' | 'wrong_answer'; field: ChallengeField };

/**
 * One try at the second factor of a pending login, the same for SPA and token clients: take an
 * attempt, check the recovery code or TOTP code (each consumed atomically), then finish the pending
 * login. The caller turns success into a session or a token and failures into its own 422.
 */
@Injectable()
export class TwoFactorChallengeService {
  private passkeyCheck: PasskeyAnswerCheck | null = null;

  constructor(
    private readonly pending: PendingLoginsService,
    private readonly store: TwoFactorStore,
    private readonly users: UsersService,
    private readonly events: GatehouseEvents,
    private readonly limiter: RateLimiter,
  ) {}

  /** Lets a pending login also be answered with a passkey (registered once, by the passkeys module). */
  acceptPasskeys(check: PasskeyAnswerCheck): void {
    this.passkeyCheck = check;
  }

  async attempt(facts: RequestFacts, lookup: PendingLoginLookup, answer: ChallengeAnswer): Promise<ChallengeOutcome> {
    const field = challengeFieldOf(answer);
    const pending = await this.pending.claimAttempt(lookup);
    if (!pending) return { ok: false, reason: 'no_pending_login', field };
    const ceilingKey = `two-factor|user:${pending.userId}`;
    // Counted before the check (as the pending try is), so parallel guesses cannot pass the ceiling.
    const ceiling = await this.limiter.attempt(ceilingKey, ACCOUNT_CODE_MAX_ATTEMPTS, ACCOUNT_CODE_DECAY_SECONDS);
    if (!ceiling.allowed) throw tooManyAttempts(ceiling.retryAfter);
    const user = await this.users.findById(pending.userId);
    // A user disabled meanwhile (ldap:sync) cannot finish a login the password started before.
    if (user && !user.disabledAt && (await this.checkAnswer(facts, user, answer, pending.kind))) {
      await this.limiter.clear(ceilingKey);
      // Two correct answers raced: only the request that removes the pending login logs in.
      if (await this.pending.finish(pending.id)) return { ok: true, user, pending };
      return { ok: false, reason: 'no_pending_login', field };
    }
    await this.pending.discardIfExhausted(pending.id);
    await this.events.emit('two_factor.failed', {
      facts,
      userId: pending.userId,
      metadata: { stage: 'challenge', via: pending.kind, method: field, attempt: pending.attempts },
    });
    return { ok: false, reason: 'wrong_answer', field };
  }

  /** As Fortify: a valid recovery code wins; otherwise the passkey assertion, if one was sent, or else the TOTP code decides. */
  private async checkAnswer(facts: RequestFacts, user: User, answer: ChallengeAnswer, via: PendingLoginRecord['kind']): Promise<boolean> {
    if (answer.recovery_code) {
      const remaining = await this.store.useRecoveryCode(user.id, answer.recovery_code);
      if (remaining !== null) {
        await this.events.emit('recovery_code.used', { facts, userId: user.id, metadata: { remaining } });
        return true;
      }
    }
    if (answer.credential) return this.passkeyCheck !== null && (await this.passkeyCheck(facts, user, answer.credential, via));
    return Boolean(answer.code) && (await this.store.acceptCode(user, answer.code!));
  }
}
