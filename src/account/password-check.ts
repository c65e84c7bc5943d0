import { Injectable } from '@nestjs/common';
import { fieldError } from '../common/api-error';
import { PasswordReentryThrottle } from '../throttle/password-reentry.throttle';
import { UserPasswordVerifier } from '../ldap/user-password-verifier';
import type { User } from '../users/user.entity';

/** Jetstream's wording for a wrong password on its confirm-by-password forms. */
export const PASSWORD_INCORRECT = 'The password is incorrect.';

/** Re-entered password for destructive actions: 422 `errors.password` when it is wrong, 429 when throttled. */
@Injectable()
export class PasswordCheck {
  constructor(
    private readonly passwords: UserPasswordVerifier,
    private readonly reentry: PasswordReentryThrottle,
  ) {}

  async require(user: User, password: string): Promise<void> {
    const valid = await this.reentry.verify(user.id, () => this.passwords.verify(user, password));
    if (!valid) throw fieldError('password', PASSWORD_INCORRECT);
  }
}
