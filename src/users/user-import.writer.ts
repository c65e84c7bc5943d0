import { EntityManager } from 'typeorm';

/** A user as another system stored it, id included (import:laravel keeps ids so references stay valid). */
export interface ImportedUserRow {
  id: number;
  name: string;
  /** Trimmed and lower-cased by the caller, as every email is stored. */
  email: string;
  emailVerifiedAt: Date | null;
  /** A bcrypt hash as it was (`$2y$` included: PasswordHasher reads it; a password change writes ours). */
  password: string;
  currentTeamId: number | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/** Two-factor columns, already encrypted with our APP_KEY by the caller. */
export interface ImportedTwoFactorRow {
  userId: number;
  email: string;
  secret: string;
  recoveryCodes: string | null;
  confirmedAt: Date | null;
}

export interface ExistingUser {
  id: number;
  email: string;
  hasTwoFactor: boolean;
}

/** Users that share an id or (case-insensitively) an email with the given ones. */
export async function findUsersLike(manager: EntityManager, ids: number[], emails: string[]): Promise<ExistingUser[]> {
  const rows: Array<{ id: string; email: string; has_two_factor: boolean }> = await manager.query(
    `SELECT id, lower(email) AS email, two_factor_secret IS NOT NULL AS has_two_factor FROM users
      WHERE id = ANY($1::bigint[]) OR lower(email) = ANY($2::text[])`,
    [ids, emails],
  );
  return rows.map((row) => ({ id: Number(row.id), email: row.email, hasTwoFactor: row.has_two_factor }));
}

/**
 * Inserts the users that are not there yet and returns the ids inserted. A conflict on the id or
 * the email leaves the existing row alone; current_team_id is kept only when that team exists here.
 */
export async function insertImportedUsers(manager: EntityManager, users: ImportedUserRow[]): Promise<number[]> {
  if (users.length === 0) return [];
  const rows: Array<{ id: string }> = await manager.query(
    `INSERT INTO users (id, name, email, email_verified_at, password, current_team_id, created_at, updated_at)
     OVERRIDING SYSTEM VALUE
     SELECT r.id, r.name, r.email, r.email_verified_at, r.password,
            (SELECT t.id FROM teams t WHERE t.id = r.current_team_id), coalesce(r.created_at, now()), coalesce(r.updated_at, now())
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, name text, email text, email_verified_at timestamptz, password text,
            current_team_id bigint, created_at timestamptz, updated_at timestamptz)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        users.map((u) => ({
          id: u.id,
          name: u.name,
          email: u.email,
          email_verified_at: u.emailVerifiedAt,
          password: u.password,
          current_team_id: u.currentTeamId,
          created_at: u.createdAt,
          updated_at: u.updatedAt,
        })),
      ),
    ],
  );
  return rows.map((row) => Number(row.id));
}

/**
 * Sets the two-factor columns of users who have none yet (one who enrolled here meanwhile keeps
 * theirs), matched by id and email; returns the ids changed.
 */
export async function importTwoFactor(manager: EntityManager, rows: ImportedTwoFactorRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  // An UPDATE's query() answers [rows, count] (common/affected-rows.ts).
  const [changed]: [Array<{ id: string }>, number] = await manager.query(
    `UPDATE users u SET two_factor_secret = r.secret, two_factor_recovery_codes = r.recovery_codes,
            two_factor_confirmed_at = r.confirmed_at, two_factor_last_step = NULL
       FROM jsonb_to_recordset($1::jsonb) AS r(user_id bigint, email text, secret text, recovery_codes text, confirmed_at timestamptz)
      WHERE u.id = r.user_id AND lower(u.email) = r.email AND u.two_factor_secret IS NULL
     RETURNING u.id`,
    [JSON.stringify(rows.map((row) => ({ user_id: row.userId, email: row.email, secret: row.secret, recovery_codes: row.recoveryCodes, confirmed_at: row.confirmedAt })))],
  );
  return changed.map((row) => Number(row.id));
}

/**
 * After ids were inserted explicitly: the next generated id comes after the largest one here and in
 * the source, so an id of a row that was skipped is never handed to someone else (the host's other
 * tables may still refer to it).
 */
export async function moveUserIdsPastImported(manager: EntityManager, largestSourceId: number): Promise<void> {
  await manager.query(
    `SELECT setval(pg_get_serial_sequence('users', 'id'), greatest((SELECT coalesce(max(id), 0) FROM users), $1::bigint) + 1, false)`,
    [largestSourceId],
  );
}
