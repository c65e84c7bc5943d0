import { Injectable } from '@nestjs/common';
import { fieldError } from '../common/api-error';
import { PasswordHasher } from '../users/password-hasher';
import type { User } from '../users/user.entity';

/** Jetstream's wording for a wrong password on its confirm-by-password forms. */
export const PASSWORD_INCORRECT = 'The password is incorrect.';

/** Re-entered password for destructive actions: 422 `errors.password` when it is wrong. */
@Injectable()
export class PasswordCheck {
  constructor(private readonly hasher: PasswordHasher) {}

  async require(user: User, password: string): Promise<void> {
    if (!(await this.hasher.verify(password, user.password))) throw fieldError('password', PASSWORD_INCORRECT);
  }
}
