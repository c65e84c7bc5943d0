import { Injectable } from '@nestjs/common';
import { fieldError } from '../common/api-error';
import { SessionsService } from '../sessions/sessions.service';
import { TokensService } from '../tokens/tokens.service';
import { PasswordReentryThrottle } from '../throttle/password-reentry.throttle';
import { UserPasswordVerifier } from '../ldap/user-password-verifier';
import type { AuthContext } from './auth-context';
import { nowSeconds } from './password-confirmation';

export const PASSWORD_INCORRECT = 'The provided password was incorrect.';

/**
 * Sudo mode. Fortify keeps the confirmation in the session; a token client has no session, so the
 * confirmation is recorded on the token itself (docs/http-contract.md §2.8, beyond Laravel). Either way it belongs to
 * the credential that proved the password: another device of the same user is not confirmed.
 */
@Injectable()
export class PasswordConfirmationService {
  constructor(
    private readonly passwords: UserPasswordVerifier,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly reentry: PasswordReentryThrottle,
  ) {}

  async confirm(auth: AuthContext, password: string): Promise<void> {
    const valid = await this.reentry.verify(auth.user.id, () => this.passwords.verify(auth.user, password));
    if (!valid) throw fieldError('password', PASSWORD_INCORRECT);
    const now = nowSeconds();
    if (auth.via === 'session') {
      await this.sessions.updatePayload(auth.session, { password_confirmed_at: now });
      return;
    }
    await this.tokens.markPasswordConfirmed(auth.token.id, new Date(now * 1000));
    auth.token.passwordConfirmedAt = now;
  }
}
