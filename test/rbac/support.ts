import request from 'supertest';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { AssignmentsService } from '../../src/rbac/assignments.service';
import { RbacConsole } from '../../src/rbac/rbac-console.service';
import { RbacSeeder } from '../../src/rbac/rbac-seeder';
import { RolesService } from '../../src/rbac/roles.service';
import { TeamsService } from '../../src/rbac/teams.service';
import { TokensService } from '../../src/tokens/tokens.service';
import type { TestApp } from '../support/app';

/** Headers of a mobile/API client: JSON, a bearer token, no cookies, no Origin. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, Accept: 'application/json' });

/** A supertest GET/PUT/… as a token client. */
export function asToken(t: TestApp, token: string) {
  const client = request(t.url);
  return {
    get: (path: string) => client.get(path).set(bearer(token)),
    post: (path: string, body: object = {}) => client.post(path).set(bearer(token)).send(body),
    put: (path: string, body: object = {}) => client.put(path).set(bearer(token)).send(body),
    patch: (path: string, body: object = {}) => client.patch(path).set(bearer(token)).send(body),
    delete: (path: string) => client.delete(path).set(bearer(token)),
  };
}

export async function tokenFor(t: TestApp, userId: number, abilities: string[] = ['*']): Promise<string> {
  return (await t.app.get(TokensService).create(userId, 'rbac test', abilities)).plainTextToken;
}

export const seed = (t: TestApp) => t.app.get(RbacSeeder).seed();

export async function createPermissions(t: TestApp, ...names: string[]): Promise<void> {
  for (const name of names) await t.app.get(RbacConsole).createPermission(name);
}

/** A role with these permissions (created when missing); global unless a team is given. */
export async function createRole(t: TestApp, name: string, permissions: string[] = [], teamId: number | null = null) {
  await createPermissions(t, ...permissions);
  return t.app.get(RolesService).create({ name, permissions, teamId });
}

export const createTeam = (t: TestApp, name: string) => t.app.get(TeamsService).create(name);

/** Replaces the user's roles in that scope (null = global). */
export const giveRoles = (t: TestApp, userId: number, roles: string[], teamId: number | null = null) =>
  t.app.get(AssignmentsService).replaceRoles(userId, roles, teamId);

/** Replaces the user's direct permissions in that scope, creating the permissions first. */
export async function givePermissions(t: TestApp, userId: number, permissions: string[], teamId: number | null = null) {
  await createPermissions(t, ...permissions);
  return t.app.get(AssignmentsService).replacePermissions(userId, permissions, teamId);
}

/** Audit events of one kind for a user, oldest first. */
export async function auditEvents(t: TestApp, event: string, userId: number) {
  const { rows } = await t.db.query('SELECT event, user_id, metadata FROM audit_events WHERE event = $1 AND user_id = $2 ORDER BY id', [
    event,
    userId,
  ]);
  return rows as Array<{ event: string; user_id: number; metadata: Record<string, unknown> }>;
}

const currentRbacVersion = async (t: TestApp) => Number((await t.db.query('SELECT version FROM rbac_version')).rows[0].version);

/**
 * Runs an RBAC change made behind the app's back (plain SQL, on any connection) and resolves once
 * `t` has heard the rbac_version trigger's NOTIFY for it on its invalidation bus; fails after
 * `limitMs`. No sleeping: the next request is the first that must see the change. Versions are
 * compared so that a late notification of an earlier change does not count.
 */
export async function rbacChangeHeard(t: TestApp, change: () => Promise<unknown>, limitMs = 2000): Promise<void> {
  let heard = 0;
  let wanted = Infinity;
  let arrived!: () => void;
  const done = new Promise<void>((resolve) => (arrived = resolve));
  t.app.get(InvalidationBus).subscribe((event) => {
    if (event === 'reset' || event.kind !== 'rbac') return;
    heard = Math.max(heard, Number(event.key));
    if (heard >= wanted) arrived();
  });
  await change();
  wanted = await currentRbacVersion(t);
  if (heard >= wanted) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no rbac:${wanted} notification within ${limitMs} ms (heard up to ${heard})`)), limitMs);
  });
  await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
}
