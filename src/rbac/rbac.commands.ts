import type { INestApplicationContext } from '@nestjs/common';
import { CliCommand, CliError, parseOptions, usageLine } from '../cli/command';
import { UsersService } from '../users/users.service';
import { isPermissionName } from './permission-name';
import { RbacConsole, RbacConsoleError } from './rbac-console.service';
import { ADMIN_ROLE, RbacSeeder } from './rbac-seeder';

/** `--team ID`: a positive whole number, or absent for the global scope. */
export function parseTeamOption(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (!/^[1-9][0-9]{0,15}$/.test(raw.trim())) throw new CliError('The --team option must be a team id (a positive whole number).');
  return Number(raw.trim());
}

function requirePermissionName(name: string): string {
  if (!isPermissionName(name)) {
    throw new CliError(`"${name}" is not a valid permission name (dot-separated parts, comma-separated alternatives, no spaces).`);
  }
  return name;
}

function requireName(name: string | undefined, command: CliCommand): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') throw new CliError(`Missing NAME (usage: ${usageLine(command)})`);
  if (trimmed.length > 255) throw new CliError('The name must not be greater than 255 characters.');
  return trimmed;
}

/** Turns the console service's expected failures into the CLI's one-line errors. */
async function asCliErrors<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof RbacConsoleError) throw new CliError(error.message, { cause: error });
    throw error;
  });
}

export const dbSeedCommand: CliCommand = {
  name: 'db:seed',
  usage: '',
  description: 'Create the default permissions and the super-admin, admin and default roles (idempotent)',
  needs: 'app',
  async run(ctx, args) {
    parseOptions(this, args, {});
    const result = await ctx.app.get(RbacSeeder, { strict: false }).seed();
    if (result.importedAdminSkipped) {
      ctx.out(`The global role ${ADMIN_ROLE} came from import:laravel, so it was given none of the admin permissions: grant them through the roles API if its holders should have them.`);
    }
    if (result.permissions + result.roles + result.grants === 0) return ctx.out('Nothing to seed: already up to date.');
    ctx.out(`Seeded ${result.permissions} permission(s), ${result.roles} role(s), ${result.grants} role permission(s).`);
  },
};

export const permissionCreateCommand: CliCommand = {
  name: 'permission:create',
  usage: 'NAME',
  description: 'Create a permission (wildcards allowed, e.g. posts.* or posts.create,edit); no error if it exists',
  needs: 'app',
  async run(ctx, args) {
    const { positionals } = parseOptions(this, args, {}, 1);
    const name = requirePermissionName(requireName(positionals[0], this));
    const created = await ctx.app.get(RbacConsole, { strict: false }).createPermission(name);
    ctx.out(created ? `Permission "${name}" created.` : `Permission "${name}" already exists.`);
  },
};

export const roleCreateCommand: CliCommand = {
  name: 'role:create',
  usage: 'NAME [--permissions a,b] [--team ID]',
  description: 'Create a role (global, or owned by a team) and give it permissions, creating missing ones',
  needs: 'app',
  async run(ctx, args) {
    const { values, positionals } = parseOptions(this, args, { permissions: { type: 'string' }, team: { type: 'string' } }, 1);
    const name = requireName(positionals[0], this);
    const permissions = (values.permissions ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '').map(requirePermissionName);
    const teamId = parseTeamOption(values.team);
    const result = await asCliErrors(ctx.app.get(RbacConsole, { strict: false }).createRole(name, permissions, teamId));
    const scope = teamId === null ? 'global' : `team ${teamId}`;
    ctx.out(`Role "${name}" (${scope}, id ${result.role.id}) ${result.created ? 'created' : 'already exists'}.`);
    if (result.createdPermissions.length > 0) ctx.out(`Created permissions: ${result.createdPermissions.join(', ')}.`);
    if (permissions.length > 0) ctx.out(`Added ${result.addedPermissions} permission(s) to the role.`);
  },
};

export const userAssignRoleCommand: CliCommand = {
  name: 'user:assign-role',
  usage: 'EMAIL ROLE [--team ID]',
  description: 'Give a user a role, globally (in every team) or in one team',
  needs: 'app',
  async run(ctx, args) {
    const { values, positionals } = parseOptions(this, args, { team: { type: 'string' } }, 2);
    const [email, role] = positionals.map((value) => value.trim());
    if (!email || !role) throw new CliError(`Missing EMAIL or ROLE (usage: ${usageLine(this)})`);
    const teamId = parseTeamOption(values.team);
    const user = await ctx.app.get(UsersService, { strict: false }).findByEmail(email);
    if (!user) throw new CliError('No user has that email address.');
    const added = await asCliErrors(ctx.app.get(RbacConsole, { strict: false }).assignRole(user.id, role, teamId));
    const scope = teamId === null ? 'globally' : `in team ${teamId}`;
    ctx.out(added ? `Gave ${user.email} the role "${role}" ${scope}.` : `${user.email} already has the role "${role}" ${scope}.`);
  },
};

export const RBAC_COMMANDS: readonly CliCommand[] = [dbSeedCommand, roleCreateCommand, permissionCreateCommand, userAssignRoleCommand];

/** `user:create --role R…`, before the user exists: every role must be a global one. */
export async function checkRoleOption(app: INestApplicationContext, roles: readonly string[] | undefined): Promise<string[]> {
  const names = [...new Set((roles ?? []).map((role) => role.trim()).filter((role) => role !== ''))];
  const missing = await app.get(RbacConsole, { strict: false }).missingGlobalRoles(names);
  if (missing.length > 0) throw new CliError(`There is no global role named ${missing.map((name) => `"${name}"`).join(', ')}.`);
  return names;
}

/** `user:create --role R…`, once the user exists (besides DEFAULT_ROLE, which every new user gets). */
export async function assignRoleOption(app: INestApplicationContext, userId: number, roles: readonly string[]): Promise<void> {
  const rbac = app.get(RbacConsole, { strict: false });
  for (const role of roles) await asCliErrors(rbac.assignRole(userId, role, null));
}
