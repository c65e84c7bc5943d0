import { isEmail } from 'class-validator';
import { ApiError } from '../common/api-error';
import { PASSWORD_MAX_BYTES } from '../common/field-rules';
import { invalidStringMessage, isMalformedString } from '../common/input';
import { assignRoleOption, checkRoleOption } from '../rbac/rbac.commands';
import { UsersService } from '../users/users.service';
import { CliCommand, CliError, parseOptions, requireOption } from '../cli/command';

// The same rules and messages as registration over HTTP (docs/http-contract.md §1.3, §10.22).
function validate(name: string, email: string, password: string): void {
  for (const [field, value] of Object.entries({ name, email, password })) {
    if (isMalformedString(value)) throw new CliError(invalidStringMessage(field));
  }
  if (name.length > 255) throw new CliError('The name field must not be greater than 255 characters.');
  if (!isEmail(email)) throw new CliError('The email field must be a valid email address.');
  if (email.length > 255) throw new CliError('The email field must not be greater than 255 characters.');
  if (password.length < 8) throw new CliError('The password field must be at least 8 characters.');
  if (Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
    throw new CliError(`The password field must not be greater than ${PASSWORD_MAX_BYTES} bytes.`);
  }
}

const EMAIL_TAKEN = 'The email has already been taken.';

export const userCreateCommand: CliCommand = {
  name: 'user:create',
  usage: '--name N --email E --password P [--role R]… [--verified]',
  description: 'Create a user (the password is hashed; it is never printed)',
  needs: 'app',
  async run(ctx, args) {
    const { values } = parseOptions(userCreateCommand, args, {
      name: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      verified: { type: 'boolean' },
      role: { type: 'string', multiple: true },
    });
    const name = requireOption(userCreateCommand, values, 'name');
    const email = requireOption(userCreateCommand, values, 'email');
    // Passwords are not trimmed (as over HTTP); only an empty one counts as missing.
    requireOption(userCreateCommand, values, 'password');
    const password = values.password as string;
    validate(name, email, password);

    const users = ctx.app.get(UsersService, { strict: false });
    if (await users.findByEmail(email)) throw new CliError(EMAIL_TAKEN);
    const roles = await checkRoleOption(ctx.app, values.role);
    const user = await users.create({ name, email, password, verified: values.verified === true }).catch((error: unknown) => {
      // A concurrent creation of the same address loses on the unique index.
      if (error instanceof ApiError && error.getStatus() === 422) throw new CliError(error.body.message, { cause: error });
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw new CliError(EMAIL_TAKEN, { cause: error });
      throw error;
    });
    await assignRoleOption(ctx.app, user.id, roles);
    ctx.out(`Created user ${user.id} <${user.email}>${user.emailVerifiedAt ? ' (email verified)' : ''}`);
  },
};
