import { Inject, Injectable } from '@nestjs/common';
import { fieldError, validationError } from '../common/api-error';
import { checkHostSetFields } from '../common/host-field-rules';
import { ResolvedUserField, USER_FIELDS } from '../common/user-field-rules';
import type { User } from '../users/user.entity';
import { NewUser, UsersService } from '../users/users.service';

/** The profile route's rule for `locale` (`en`, `pt-BR`, `zh_Hant`; the column holds 12 characters). */
const LANGUAGE_TAG = /^(?=.{2,12}$)[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

/** The user lookups and creation a host app calls; the same rules as registration (bcrypt, unique email, default role). */
@Injectable()
export class GatehouseUsers {
  constructor(
    private readonly users: UsersService,
    @Inject(USER_FIELDS) private readonly fields: ResolvedUserField[],
  ) {}

  findById(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  /** Case-insensitive, as at login. */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  /** `fields`: any of `users.fields` (read-only ones too), checked by their rules: 422 in Laravel's shape otherwise. */
  create(input: NewUser): Promise<User> {
    const errors = checkHostSetFields(this.fields, input.fields ?? {});
    if (Object.keys(errors).length > 0) throw validationError(errors);
    return this.users.create(input);
  }

  /**
   * Sets the user's `locale` (null clears it), as the profile route would, for a host's own locale route; the
   * cached user is dropped at once. 422 for a value that is no language tag; null for an unknown user.
   */
  async setLocale(id: number, locale: string | null): Promise<User | null> {
    if (locale !== null && !LANGUAGE_TAG.test(locale)) throw fieldError('locale', 'The locale field format is invalid.');
    return (await this.users.setLocale(id, locale)) ? this.users.findById(id) : null;
  }
}
