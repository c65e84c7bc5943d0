import { Inject, Injectable } from '@nestjs/common';
import { validationError } from '../common/api-error';
import { checkHostSetFields } from '../common/host-field-rules';
import { ResolvedUserField, USER_FIELDS } from '../common/user-field-rules';
import type { User } from '../users/user.entity';
import { NewUser, UsersService } from '../users/users.service';

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
}
