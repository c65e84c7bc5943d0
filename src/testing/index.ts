// `gatehouse/testing`: helpers for a host app's e2e tests, on the real module and database (no mocks).
import type { INestApplicationContext } from '@nestjs/common';
import { GatehouseTokens } from '../host/gatehouse-tokens';
import { GatehouseUsers } from '../host/gatehouse-users';
import { AssignmentsService } from '../rbac/assignments.service';
import { PermissionsService } from '../rbac/permissions.service';
import { RolesService } from '../rbac/roles.service';
import type { User } from '../users/user.entity';

let sequence = 0;

export interface UserFactoryInput {
  name?: string;
  email?: string;
  password?: string;
  verified?: boolean;
  /** Values of the host's `users.fields`. */
  fields?: Record<string, unknown>;
}

/** A user made through Gatehouse (bcrypt, default role); the password defaults to "password123". */
export async function createUser(app: INestApplicationContext, input: UserFactoryInput = {}): Promise<User & { plainPassword: string }> {
  sequence += 1;
  const plainPassword = input.password ?? 'password123';
  const user = await app.get(GatehouseUsers).create({
    name: input.name ?? `User ${sequence}`,
    email: input.email ?? `user${sequence}_${process.pid}_${Date.now()}@example.com`,
    password: plainPassword,
    verified: input.verified ?? true,
    fields: input.fields,
  });
  return Object.assign(user, { plainPassword });
}

/**
 * Sanctum's `actingAs`: request headers carrying a real bearer token for `user`, made by the library's
 * token service with `abilities` (default `['*']`).
 */
export async function actingAs(
  app: INestApplicationContext,
  user: { id: number },
  options: { abilities?: string[] } = {},
): Promise<{ Authorization: string; Accept: string }> {
  const { plainTextToken } = await app.get(GatehouseTokens).create(user.id, 'testing', options.abilities ?? ['*']);
  return { Authorization: `Bearer ${plainTextToken}`, Accept: 'application/json' };
}

export interface RoleFactoryInput {
  name: string;
  /** Created first when missing. */
  permissions?: string[];
  /** null (default) = a global role. */
  teamId?: number | null;
}

/** A role with its permissions. */
export async function createRole(app: INestApplicationContext, input: RoleFactoryInput): Promise<{ id: number; name: string }> {
  const permissions = app.get(PermissionsService);
  const existing = new Set((await permissions.list()).map((permission) => permission.name));
  for (const name of new Set(input.permissions ?? [])) {
    if (!existing.has(name)) await permissions.create(name);
  }
  const role = await app.get(RolesService).create({ name: input.name, permissions: input.permissions ?? [], teamId: input.teamId ?? null });
  return { id: role.id, name: role.name };
}

/** Replaces the user's roles in that scope (null = the global roles, default) with `roles`. */
export async function assignRoles(app: INestApplicationContext, user: { id: number }, roles: string[], teamId: number | null = null): Promise<void> {
  await app.get(AssignmentsService).replaceRoles(user.id, roles, teamId);
}

export { startLdapServer } from './ldap-server';
export type { LdapTestServer, LdapTestServerOptions } from './ldap-server';
