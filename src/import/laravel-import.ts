import type { DataSource } from 'typeorm';
import { insertImportedTokens, moveTokenIdsPastImported } from '../tokens/token-import.writer';
import { importTwoFactor, insertImportedUsers, moveUserIdsPastImported } from '../users/user-import.writer';
import {
  insertImportedGrants,
  insertImportedPermissions,
  insertImportedRoles,
  insertImportedTeams,
  insertImportedUserPermissions,
  insertImportedUserRoles,
  moveTeamIdsPastImported,
} from '../rbac/rbac-import.writer';
import type { ImportCount, ImportOptions, ImportSummary, Progress } from './import-types';
import { ImportTarget, inBatches } from './import-target';
import { LaravelSpatie, readSpatie, readTokens, readUsers, teamsColumnOf } from './laravel-source';
import { planRbac, RbacPlan } from './plan-rbac';
import { planTokens, TokensPlan } from './plan-tokens';
import { planTwoFactor, planUsers, TwoFactorPlan, UsersPlan } from './plan-users';
import type { SourceDatabase } from './source-database';

interface Plan {
  users: UsersPlan;
  foundUsers: number;
  twoFactor: TwoFactorPlan | null;
  tokens: TokensPlan | null;
  rbac: RbacPlan | null;
  /** Per table: the largest id in Laravel, skipped rows included. */
  largestIds: { users: number; tokens: number; teams: number };
}

const largest = (ids: number[]) => ids.reduce((max, id) => Math.max(max, id), 0);

/** Everything read, checked and decrypted before the first write: a wrong key or a bad source fails here. */
async function plan(source: SourceDatabase, target: ImportTarget, options: ImportOptions): Promise<Plan> {
  const users = await readUsers(source);
  const usersPlan = await planUsers(target.reader, users, options);
  const twoFactor = options.parts.has('two-factor') ? planTwoFactor(users, usersPlan.accepted, options) : null;
  if (!twoFactor) {
    const enrolled = users.filter((u) => u.twoFactorSecret).length;
    if (enrolled > 0) usersPlan.problems.push(`${enrolled} user(s) have two-factor authentication in Laravel: without the two-factor part they sign in with a password alone`);
  }
  const sourceTokens = options.parts.has('tokens') ? await readTokens(source) : [];
  const tokens = options.parts.has('tokens') ? await planTokens(target.reader, sourceTokens, usersPlan.accepted, options.userModel) : null;
  let spatie: LaravelSpatie | null = null;
  if (options.parts.has('roles')) spatie = await readSpatie(source, await teamsColumnOf(source, options.teamsColumn));
  const rbac = spatie ? await planRbac(target.reader, spatie, usersPlan.accepted, options.userModel, options) : null;
  const teamIds = spatie ? [...spatie.teamNames.keys(), ...spatie.roles.map((r) => r.teamId ?? 0)] : [];
  const largestIds = { users: largest(users.map((u) => u.id)), tokens: largest(sourceTokens.map((t) => t.id)), teams: largest(teamIds) };
  return { users: usersPlan, foundUsers: users.length, twoFactor, tokens, rbac, largestIds };
}

function rowsToWrite(p: Plan, options: ImportOptions): number {
  const r = p.rbac;
  const rbacRows = r ? r.teams.length + r.permissions.length + r.roles.length + r.grants.length + r.userRoles.length + r.userPermissions.length : 0;
  return (options.parts.has('users') ? p.users.rows.length : 0) + (p.twoFactor?.rows.length ?? 0) + (p.tokens?.rows.length ?? 0) + rbacRows;
}

const count = (what: string, found: number, added: number, skipped = 0): ImportCount => ({ what, found, added, skipped });

async function writeRbac(target: ImportTarget, r: RbacPlan, advance: (n: number) => void): Promise<ImportCount[]> {
  const run = <T>(rows: T[], write: (m: Parameters<Parameters<ImportTarget['batch']>[0]>[0], batch: T[]) => Promise<number>) => inBatches(target, rows, write, advance);
  return [
    count('permissions', r.found.permissions, await run(r.permissions, insertImportedPermissions), r.skipped.permissions),
    count('roles', r.found.roles, await run(r.roles, insertImportedRoles), r.skipped.roles),
    count('role permissions', r.found.grants, await run(r.grants, insertImportedGrants), r.skipped.grants),
    count('user roles', r.found.userRoles, await run(r.userRoles, insertImportedUserRoles), r.skipped.userRoles),
    count('user permissions', r.found.userPermissions, await run(r.userPermissions, insertImportedUserPermissions), r.skipped.userPermissions),
  ];
}

/** Teams go first: users keep their current_team_id only when the team exists. */
async function writeTeams(target: ImportTarget, r: RbacPlan | null, advance: (n: number) => void): Promise<ImportCount[]> {
  if (!r) return [];
  return [count('teams', r.found.teams, await inBatches(target, r.teams, async (m, b) => (await insertImportedTeams(m, b)).length, advance))];
}

/** In order of the foreign keys: teams, users, their two-factor columns and tokens, then roles and permissions. */
async function write(target: ImportTarget, p: Plan, options: ImportOptions, advance: (n: number) => void): Promise<ImportCount[]> {
  const teams = await writeTeams(target, p.rbac, advance);
  const counts: ImportCount[] = [];
  if (options.parts.has('users')) {
    const added = await inBatches(target, p.users.rows, async (m, b) => (await insertImportedUsers(m, b)).length, advance);
    counts.push(count('users', p.foundUsers, added, p.users.skipped));
  }
  if (p.twoFactor) {
    const added = await inBatches(target, p.twoFactor.rows, async (m, b) => (await importTwoFactor(m, b)).length, advance);
    counts.push(count('two-factor', p.twoFactor.found, added, p.twoFactor.skipped));
  }
  if (p.tokens) counts.push(count('tokens', p.tokens.found, await inBatches(target, p.tokens.rows, async (m, b) => (await insertImportedTokens(m, b)).length, advance), p.tokens.skipped));
  if (p.rbac) counts.push(...teams, ...(await writeRbac(target, p.rbac, advance)));
  return counts;
}

/** Reads the Laravel app, then writes what is missing here; a dry run reports the same and keeps nothing. */
export async function importLaravel(source: SourceDatabase, dataSource: DataSource, options: ImportOptions, progress: Progress): Promise<ImportSummary> {
  const target = await ImportTarget.open(dataSource, options.dryRun);
  try {
    const p = await plan(source, target, options);
    progress.start(rowsToWrite(p, options));
    const counts = await write(target, p, options, (n) => progress.advance(n));
    await target.finish(async (manager) => {
      if (options.parts.has('users')) await moveUserIdsPastImported(manager, p.largestIds.users);
      if (options.parts.has('tokens')) await moveTokenIdsPastImported(manager, p.largestIds.tokens);
      if (p.rbac) await moveTeamIdsPastImported(manager, p.largestIds.teams);
    });
    const problems = [...p.users.problems, ...(p.twoFactor?.problems ?? []), ...(p.tokens?.problems ?? []), ...(p.rbac?.problems ?? [])];
    return { dryRun: options.dryRun, counts, problems };
  } finally {
    progress.stop();
    await target.close();
  }
}
