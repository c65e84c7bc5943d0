import { CliError } from '../cli/command';
import type { SourceDatabase, SourceRow } from './source-database';

/** Rows of a default Laravel 11/12 app with Sanctum, Fortify and spatie/laravel-permission, normalised. */
export interface LaravelUser {
  id: number;
  name: string;
  email: string;
  emailVerifiedAt: Date | null;
  password: string;
  twoFactorSecret: string | null;
  twoFactorRecoveryCodes: string | null;
  /** undefined when the column does not exist (Fortify before `confirm`). */
  twoFactorConfirmedAt: Date | null | undefined;
  currentTeamId: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface LaravelToken {
  id: number;
  tokenableType: string;
  tokenableId: number;
  name: string;
  token: string;
  abilities: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface LaravelSpatie {
  permissions: Array<{ id: number; name: string; guard: string }>;
  roles: Array<{ id: number; name: string; guard: string; teamId: number | null }>;
  roleHasPermissions: Array<{ roleId: number; permissionId: number }>;
  modelHasRoles: Array<{ roleId: number; modelType: string; modelId: number; teamId: number | null }>;
  modelHasPermissions: Array<{ permissionId: number; modelType: string; modelId: number; teamId: number | null }>;
  /** Jetstream's teams (id, name) when the table exists. */
  teamNames: Map<number, string>;
}

const int = (value: unknown): number => Number(value);
const intOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));

/** MySQL's zero date and anything unparsable count as "not set". */
function date(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const parsed = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export async function readUsers(db: SourceDatabase): Promise<LaravelUser[]> {
  const columns = await db.columnsOf('users');
  const rows = await db.query('SELECT * FROM users ORDER BY id');
  return rows.map((row: SourceRow) => ({
    id: int(row.id),
    name: text(row.name),
    email: text(row.email),
    emailVerifiedAt: date(row.email_verified_at),
    password: text(row.password),
    twoFactorSecret: textOrNull(row.two_factor_secret),
    twoFactorRecoveryCodes: textOrNull(row.two_factor_recovery_codes),
    twoFactorConfirmedAt: columns.has('two_factor_confirmed_at') ? date(row.two_factor_confirmed_at) : undefined,
    currentTeamId: intOrNull(row.current_team_id),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }));
}

export async function readTokens(db: SourceDatabase): Promise<LaravelToken[]> {
  if (!(await db.hasTable('personal_access_tokens'))) return [];
  const rows = await db.query('SELECT * FROM personal_access_tokens ORDER BY id');
  return rows.map((row) => ({
    id: int(row.id),
    tokenableType: text(row.tokenable_type),
    tokenableId: int(row.tokenable_id),
    name: text(row.name),
    token: text(row.token),
    abilities: textOrNull(row.abilities),
    lastUsedAt: date(row.last_used_at),
    expiresAt: date(row.expires_at),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }));
}

/** spatie's tables; `teamsColumn` is its team_foreign_key when teams are on, else null. */
export async function readSpatie(db: SourceDatabase, teamsColumn: string | null): Promise<LaravelSpatie | null> {
  if (!(await db.hasTable('roles')) || !(await db.hasTable('permissions'))) return null;
  const team = (row: SourceRow) => (teamsColumn ? intOrNull(row[teamsColumn]) : null);
  const tables: SourceRow[][] = [];
  for (const table of ['permissions', 'roles', 'role_has_permissions', 'model_has_roles', 'model_has_permissions']) tables.push(await db.query(`SELECT * FROM ${table}`));
  const [permissions, roles, grants, modelRoles, modelPermissions] = tables;
  const teamNames = new Map<number, string>();
  if (teamsColumn && (await db.hasTable('teams'))) {
    for (const row of await db.query('SELECT id, name FROM teams')) teamNames.set(int(row.id), text(row.name));
  }
  return {
    permissions: permissions.map((row) => ({ id: int(row.id), name: text(row.name), guard: text(row.guard_name) })),
    roles: roles.map((row) => ({ id: int(row.id), name: text(row.name), guard: text(row.guard_name), teamId: team(row) })),
    roleHasPermissions: grants.map((row) => ({ roleId: int(row.role_id), permissionId: int(row.permission_id) })),
    modelHasRoles: modelRoles.map((row) => ({ roleId: int(row.role_id), modelType: text(row.model_type), modelId: int(row.model_id), teamId: team(row) })),
    modelHasPermissions: modelPermissions.map((row) => ({
      permissionId: int(row.permission_id),
      modelType: text(row.model_type),
      modelId: int(row.model_id),
      teamId: team(row),
    })),
    teamNames,
  };
}

/** The teams column: the one asked for (it must exist), or spatie's default `team_id` when roles has it. */
export async function teamsColumnOf(db: SourceDatabase, asked: string | null): Promise<string | null> {
  if (!(await db.hasTable('roles'))) return null;
  const columns = await db.columnsOf('roles');
  if (asked !== null && !columns.has(asked)) throw new CliError(`The roles table has no column "${asked}" (--teams-column)`);
  if (asked !== null) return asked;
  return columns.has('team_id') ? 'team_id' : null;
}
