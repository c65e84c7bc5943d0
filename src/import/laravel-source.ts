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

/** spatie's catalogue: roles, permissions and their grants, read whole (an app has tens or hundreds of them). */
export interface SpatieCatalogue {
  permissions: Array<{ id: number; name: string; guard: string }>;
  roles: Array<{ id: number; name: string; guard: string; teamId: number | null }>;
  roleHasPermissions: Array<{ roleId: number; permissionId: number }>;
  /** Every team a role or an assignment names, with Jetstream's name when its teams table exists. */
  teams: Array<{ id: number; name: string | null }>;
}

/** A row of model_has_roles (`refId` is role_id) or model_has_permissions (permission_id). */
export interface SpatieAssignment {
  refId: number;
  modelType: string;
  modelId: number;
  teamId: number | null;
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

/**
 * Keyset pagination over `keys` (the table's primary key, so every row comes exactly once): each page
 * is one query, whatever the size of the table. `?` placeholders work on both engines.
 */
async function* pagesOf(db: SourceDatabase, table: string, keys: string[], size: number, filter = ''): AsyncGenerator<SourceRow[]> {
  const tuple = `(${keys.join(', ')})`;
  let after: unknown[] | null = null;
  for (;;) {
    const conditions = [filter, after ? `${tuple} > (${keys.map(() => '?').join(', ')})` : ''].filter((c) => c !== '');
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await db.query(`SELECT * FROM ${table} ${where} ORDER BY ${keys.join(', ')} LIMIT ${size}`, after ?? []);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1];
    after = keys.map((key) => last[key]);
  }
}

export async function countRows(db: SourceDatabase, table: string): Promise<number> {
  if (!(await db.hasTable(table))) return 0;
  return Number((await db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
}

/** The largest id in Laravel, skipped rows included: our sequences move past it. */
export async function largestId(db: SourceDatabase, table: string): Promise<number> {
  if (!(await db.hasTable(table))) return 0;
  return Number((await db.query(`SELECT max(id) AS n FROM ${table}`))[0].n ?? 0);
}

const normalisedEmail = (email: string) => email.trim().toLowerCase();

export async function* userPages(db: SourceDatabase, size: number, filter = ''): AsyncGenerator<LaravelUser[]> {
  const columns = await db.columnsOf('users');
  for await (const rows of pagesOf(db, 'users', ['id'], size, filter)) {
    yield rows.map((row: SourceRow) => ({
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
}

/** Only the users with a Fortify secret: what the key check before the first write decrypts. */
export const twoFactorUserPages = (db: SourceDatabase, size: number) => userPages(db, size, 'two_factor_secret IS NOT NULL');

/**
 * Users that share an email with a user of a smaller id once trimmed and lower-cased: id → that first
 * id. Only duplicates are held, never the whole table.
 */
export async function readDuplicateEmails(db: SourceDatabase): Promise<Map<number, number>> {
  const rows = await db.query(
    `SELECT id, email FROM users WHERE lower(trim(email)) IN
       (SELECT lower(trim(email)) FROM users GROUP BY lower(trim(email)) HAVING count(*) > 1) ORDER BY id`,
  );
  const first = new Map<string, number>();
  const duplicates = new Map<number, number>();
  for (const row of rows) {
    const email = normalisedEmail(text(row.email));
    const owner = first.get(email);
    if (owner === undefined) first.set(email, int(row.id));
    else duplicates.set(int(row.id), owner);
  }
  return duplicates;
}

/** The normalised emails of these Laravel users (those that exist). */
export async function emailsOf(db: SourceDatabase, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query(`SELECT id, email FROM users WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
  return new Map(rows.map((row) => [int(row.id), normalisedEmail(text(row.email))]));
}

export async function* tokenPages(db: SourceDatabase, size: number): AsyncGenerator<LaravelToken[]> {
  if (!(await db.hasTable('personal_access_tokens'))) return;
  for await (const rows of pagesOf(db, 'personal_access_tokens', ['id'], size)) {
    yield rows.map((row) => ({
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
}

/** spatie's roles, permissions and grants, and the teams they and the assignments name; null without spatie. */
export async function readSpatieCatalogue(db: SourceDatabase, teamsColumn: string | null): Promise<SpatieCatalogue | null> {
  if (!(await db.hasTable('roles')) || !(await db.hasTable('permissions'))) return null;
  const permissions = await db.query('SELECT id, name, guard_name FROM permissions ORDER BY id');
  const roles = await db.query(`SELECT id, name, guard_name${teamsColumn ? `, ${teamsColumn} AS team_id` : ''} FROM roles ORDER BY id`);
  const grants = await db.query('SELECT role_id, permission_id FROM role_has_permissions');
  const teams = new Map<number, string | null>();
  if (teamsColumn) {
    const used = await db.query(
      `SELECT ${teamsColumn} AS id FROM roles UNION SELECT ${teamsColumn} FROM model_has_roles UNION SELECT ${teamsColumn} FROM model_has_permissions`,
    );
    for (const row of used) if (row.id !== null && row.id !== undefined) teams.set(int(row.id), null);
    if (teams.size > 0 && (await db.hasTable('teams'))) {
      const ids = [...teams.keys()];
      for (const row of await db.query(`SELECT id, name FROM teams WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)) teams.set(int(row.id), text(row.name));
    }
  }
  return {
    permissions: permissions.map((row) => ({ id: int(row.id), name: text(row.name), guard: text(row.guard_name) })),
    roles: roles.map((row) => ({ id: int(row.id), name: text(row.name), guard: text(row.guard_name), teamId: teamsColumn ? intOrNull(row.team_id) : null })),
    roleHasPermissions: grants.map((row) => ({ roleId: int(row.role_id), permissionId: int(row.permission_id) })),
    teams: [...teams].sort(([a], [b]) => a - b).map(([id, name]) => ({ id, name })),
  };
}

/** model_has_roles (`role_id`) or model_has_permissions (`permission_id`), page by page along spatie's primary key. */
export async function* assignmentPages(
  db: SourceDatabase,
  table: 'model_has_roles' | 'model_has_permissions',
  teamsColumn: string | null,
  size: number,
): AsyncGenerator<SpatieAssignment[]> {
  const ref = table === 'model_has_roles' ? 'role_id' : 'permission_id';
  const keys = [...(teamsColumn ? [teamsColumn] : []), ref, 'model_id', 'model_type'];
  for await (const rows of pagesOf(db, table, keys, size)) {
    yield rows.map((row) => ({
      refId: int(row[ref]),
      modelType: text(row.model_type),
      modelId: int(row.model_id),
      teamId: teamsColumn ? intOrNull(row[teamsColumn]) : null,
    }));
  }
}

/** The teams column: the one asked for (it must exist), or spatie's default `team_id` when roles has it. */
export async function teamsColumnOf(db: SourceDatabase, asked: string | null): Promise<string | null> {
  if (!(await db.hasTable('roles'))) return null;
  const columns = await db.columnsOf('roles');
  if (asked !== null && !columns.has(asked)) throw new CliError(`The roles table has no column "${asked}" (--teams-column)`);
  if (asked !== null) return asked;
  return columns.has('team_id') ? 'team_id' : null;
}
