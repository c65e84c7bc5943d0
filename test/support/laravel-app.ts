import * as bcrypt from 'bcrypt';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { adminQuery, serverUrl, uniqueName, withDatabase } from './database';
import { LaravelCipher, laravelEncrypt, sanctumHash } from './laravel-encrypt';

export type LaravelEngine = 'mariadb' | 'postgres';

/** A real, empty database for a Laravel app on MariaDB (TEST_MARIADB_URL) or the PostgreSQL server of the tests. */
export interface LaravelSourceDb {
  url: string;
  exec(sql: string, params?: unknown[]): Promise<void>;
  drop(): Promise<void>;
}

export const mariadbUrl = () => process.env.TEST_MARIADB_URL || 'mysql://root@127.0.0.1:3306/test';

export async function createLaravelDatabase(engine: LaravelEngine): Promise<LaravelSourceDb> {
  const name = uniqueName('laravel');
  if (engine === 'postgres') {
    await adminQuery(serverUrl(), `CREATE DATABASE ${name}`);
    const url = withDatabase(serverUrl(), name);
    const client = new Client({ connectionString: url });
    await client.connect();
    return {
      url,
      exec: async (sql, params = []) => {
        let i = 0;
        await client.query(sql.replace(/\?/g, () => `$${++i}`), params);
      },
      drop: async () => {
        await client.end();
        await adminQuery(serverUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const admin = await createConnection({ uri: mariadbUrl() });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(mariadbUrl(), name);
  const connection = await createConnection({ uri: url, timezone: 'Z' });
  return {
    url,
    exec: async (sql, params = []) => void (await connection.query(sql, params)),
    drop: async () => {
      await connection.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    },
  };
}

/** The tables of `laravel new` (11/12) + Sanctum + Fortify + Jetstream teams + spatie/laravel-permission, per engine. */
export function laravelSchema(engine: LaravelEngine, teams: boolean): string[] {
  const id = engine === 'mariadb' ? 'bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY' : 'bigserial PRIMARY KEY';
  const fk = engine === 'mariadb' ? 'bigint unsigned' : 'bigint';
  const team = teams ? `team_id ${fk} NULL,` : '';
  const pivotTeam = teams ? `team_id ${fk} NOT NULL,` : '';
  const pivotKey = teams ? 'team_id, ' : '';
  return [
    `CREATE TABLE teams (id ${id}, user_id ${fk} NOT NULL, name varchar(255) NOT NULL, personal_team boolean NOT NULL, created_at timestamp NULL, updated_at timestamp NULL)`,
    `CREATE TABLE users (id ${id}, name varchar(255) NOT NULL, email varchar(255) NOT NULL UNIQUE, email_verified_at timestamp NULL,
      password varchar(255) NOT NULL, two_factor_secret text NULL, two_factor_recovery_codes text NULL, two_factor_confirmed_at timestamp NULL,
      remember_token varchar(100) NULL, current_team_id ${fk} NULL, profile_photo_path varchar(2048) NULL, created_at timestamp NULL, updated_at timestamp NULL)`,
    `CREATE TABLE sessions (id varchar(255) PRIMARY KEY, user_id ${fk} NULL, ip_address varchar(45) NULL, user_agent text NULL, payload text NOT NULL, last_activity integer NOT NULL)`,
    `CREATE TABLE personal_access_tokens (id ${id}, tokenable_type varchar(255) NOT NULL, tokenable_id ${fk} NOT NULL, name text NOT NULL,
      token varchar(64) NOT NULL UNIQUE, abilities text NULL, last_used_at timestamp NULL, expires_at timestamp NULL, created_at timestamp NULL, updated_at timestamp NULL)`,
    `CREATE TABLE permissions (id ${id}, name varchar(255) NOT NULL, guard_name varchar(255) NOT NULL, created_at timestamp NULL, updated_at timestamp NULL, UNIQUE (name, guard_name))`,
    `CREATE TABLE roles (id ${id}, ${team} name varchar(255) NOT NULL, guard_name varchar(255) NOT NULL, created_at timestamp NULL, updated_at timestamp NULL,
      UNIQUE (${teams ? 'team_id, ' : ''}name, guard_name))`,
    `CREATE TABLE model_has_permissions (permission_id ${fk} NOT NULL, model_type varchar(255) NOT NULL, model_id ${fk} NOT NULL, ${pivotTeam}
      PRIMARY KEY (${pivotKey}permission_id, model_id, model_type))`,
    `CREATE TABLE model_has_roles (role_id ${fk} NOT NULL, model_type varchar(255) NOT NULL, model_id ${fk} NOT NULL, ${pivotTeam}
      PRIMARY KEY (${pivotKey}role_id, model_id, model_type))`,
    `CREATE TABLE role_has_permissions (permission_id ${fk} NOT NULL, role_id ${fk} NOT NULL, PRIMARY KEY (permission_id, role_id))`,
  ];
}

/** PHP's password_hash(PASSWORD_BCRYPT): `$2y$`, the same algorithm as `$2b$`. */
export const laravelHash = async (password: string) => (await bcrypt.hash(password, 4)).replace(/^\$2b\$/, '$2y$');

export const USER_MODEL = 'App\\Models\\User';

/** What the seeded Laravel app holds, in plain text: the test proves each keeps working after the import. */
export interface SeededLaravelApp {
  alice: { id: number; email: string; password: string; totpSecret: string; recoveryCodes: string[]; tokenId: number; tokenSecret: string };
  bob: { id: number; email: string; password: string; tokenId: number; tokenSecret: string };
  duplicateId: number;
  argonUserId: number;
  teamTokenId: number;
  teamId: number | null;
}

const NOW = '2026-11-01 10:00:00';

/**
 * Fills the app the way Laravel would: `$2y$` hashes, Sanctum rows holding sha256(secret), a Fortify secret
 * of 16 base32 characters and JSON recovery codes under Laravel's encrypter, spatie roles (a wildcard among them).
 */
export async function seedLaravelApp(db: LaravelSourceDb, key: string, teams: boolean, cipher: LaravelCipher): Promise<SeededLaravelApp> {
  const alice = { id: 3, email: 'Alice@Example.com', password: 'alice-old-password', totpSecret: 'JBSWY3DPEHPK3PXP', tokenId: 41, tokenSecret: 'aliceSecret0123456789abcdefghijABCDEFGHIJ' };
  const recoveryCodes = ['Q1w2E3r4T5-y6U7i8O9p0', 'A1s2D3f4G5-h6J7k8L9z0'];
  const bob = { id: 8, email: 'bob@example.com', password: 'bob-old-password', tokenId: 42, tokenSecret: 'bobSecret0123456789abcdefghijABCDEFGHIJKL' };
  const teamId = teams ? 7 : null;
  if (teams) await db.exec(`INSERT INTO teams (id, user_id, name, personal_team, created_at, updated_at) VALUES (7, 3, 'Acme', false, ?, ?)`, [NOW, NOW]);
  const user = `INSERT INTO users (id, name, email, email_verified_at, password, two_factor_secret, two_factor_recovery_codes, two_factor_confirmed_at, current_team_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await db.exec(user, [alice.id, 'Alice', alice.email, NOW, await laravelHash(alice.password), laravelEncrypt(alice.totpSecret, key, cipher), laravelEncrypt(JSON.stringify(recoveryCodes), key, cipher), NOW, teamId, '2025-01-02 03:04:05', NOW]);
  await db.exec(user, [bob.id, 'Bob', bob.email, null, await laravelHash(bob.password), null, null, null, teamId, NOW, NOW]);
  // Distinct for both engines' unique index (MySQL's collation already folds case, not a leading space);
  // the same address once trimmed and lower-cased, as Gatehouse stores emails.
  const duplicateId = 9;
  await db.exec(user, [duplicateId, 'Alice Again', ' ALICE@example.com', null, await laravelHash('x-password-1'), null, null, null, null, NOW, NOW]);
  const argonUserId = 10;
  await db.exec(user, [argonUserId, 'Argon', 'argon@example.com', null, '$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$aGFzaA', null, null, null, null, NOW, NOW]);
  const token = `INSERT INTO personal_access_tokens (id, tokenable_type, tokenable_id, name, token, abilities, last_used_at, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  await db.exec(token, [alice.tokenId, USER_MODEL, alice.id, 'Alice iPhone', sanctumHash(alice.tokenSecret), '["*"]', '2026-10-30 08:00:00', null, NOW, NOW]);
  await db.exec(token, [bob.tokenId, USER_MODEL, bob.id, 'Bob Pixel', sanctumHash(bob.tokenSecret), '["posts.read"]', null, '2030-01-01 00:00:00', NOW, NOW]);
  const teamTokenId = 43;
  await db.exec(token, [teamTokenId, 'App\\Models\\Team', 7, 'Team bot', sanctumHash('teamBotSecret0123456789abcdefghijABCDEFG'), '["*"]', null, null, NOW, NOW]);
  await seedSpatie(db, teamId);
  return { alice: { ...alice, recoveryCodes }, bob, duplicateId, argonUserId, teamTokenId, teamId };
}

async function seedSpatie(db: LaravelSourceDb, teamId: number | null): Promise<void> {
  // 5 and 6 meet Gatehouse's own (seeded) permissions: `users.manage` by name, `*` as a wildcard over all of them.
  const permissions = [[1, 'posts.*', 'web'], [2, 'reports.view', 'web'], [3, 'reports.view', 'api'], [4, 'posts.create', 'web'], [5, 'users.manage', 'web'], [6, '*', 'web']] as const;
  for (const [id, name, guard] of permissions) {
    await db.exec('INSERT INTO permissions (id, name, guard_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [id, name, guard, NOW, NOW]);
  }
  const role = teamId === null ? 'INSERT INTO roles (id, name, guard_name) VALUES (?, ?, ?)' : 'INSERT INTO roles (id, team_id, name, guard_name) VALUES (?, ?, ?, ?)';
  const roleRow = (id: number, name: string, team: number | null) => (teamId === null ? [id, name, 'web'] : [id, team, name, 'web']);
  await db.exec(role, roleRow(1, 'editor', teamId));
  await db.exec(role, roleRow(2, 'auditor', null));
  // Named as Gatehouse's own global roles: the import must not merge them (SUPER_ADMIN_ROLE, `admin`).
  await db.exec(role, roleRow(3, 'super-admin', null));
  await db.exec(role, roleRow(4, 'admin', null));
  await db.exec('INSERT INTO role_has_permissions (permission_id, role_id) VALUES (1, 1), (2, 2), (5, 2), (2, 4)');
  const assign = teamId === null ? 'INSERT INTO model_has_roles (role_id, model_type, model_id) VALUES (?, ?, ?)' : 'INSERT INTO model_has_roles (role_id, model_type, model_id, team_id) VALUES (?, ?, ?, ?)';
  const assignRow = (roleId: number, type: string, modelId: number) => (teamId === null ? [roleId, type, modelId] : [roleId, type, modelId, teamId]);
  await db.exec(assign, assignRow(1, USER_MODEL, 3));
  await db.exec(assign, assignRow(2, USER_MODEL, 8));
  await db.exec(assign, assignRow(2, 'App\\Models\\Robot', 1));
  await db.exec(assign, assignRow(3, USER_MODEL, 3));
  await db.exec(assign, assignRow(4, USER_MODEL, 8));
  const direct = teamId === null
    ? 'INSERT INTO model_has_permissions (permission_id, model_type, model_id) VALUES (?, ?, ?)'
    : 'INSERT INTO model_has_permissions (permission_id, model_type, model_id, team_id) VALUES (?, ?, ?, ?)';
  await db.exec(direct, teamId === null ? [4, USER_MODEL, 8] : [4, USER_MODEL, 8, teamId]);
  await db.exec(direct, teamId === null ? [6, USER_MODEL, 3] : [6, USER_MODEL, 3, teamId]);
}
