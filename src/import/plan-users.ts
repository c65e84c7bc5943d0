import type { EntityManager } from 'typeorm';
import { findUsersLike, ImportedTwoFactorRow, ImportedUserRow } from '../users/user-import.writer';
import { isUsableTotpSecret } from '../two-factor/totp';
import type { ImportOptions } from './import-types';
import { LaravelDecryptError } from './laravel-encrypter';
import type { LaravelUser } from './laravel-source';

const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export interface UsersPlan {
  rows: ImportedUserRow[];
  /** Users whose tokens, roles and two-factor columns may be imported: already here, or inserted by this run. */
  accepted: Map<number, string>;
  skipped: number;
  problems: string[];
}

const label = (user: LaravelUser) => `user ${user.id} <${user.email}>`;

/** Why a user cannot be imported as is, or null. */
function invalidity(user: LaravelUser, email: string): string | null {
  if (!/^[^@\s]+@[^@\s]+$/.test(email) || email.length > 255) return 'the email is not valid';
  if (user.name.length > 255) return 'the name is longer than 255 characters';
  if (!BCRYPT.test(user.password)) return 'the password hash is not bcrypt (argon2 and others cannot be verified here)';
  return null;
}

/**
 * One page of users: validates, refuses case-insensitive duplicates (`duplicates`: id → the first
 * user with that email, across the whole table; reported, never merged) and users clashing with ours.
 */
export async function planUsers(manager: EntityManager, users: LaravelUser[], options: ImportOptions, duplicates: Map<number, number>): Promise<UsersPlan> {
  const plan: UsersPlan = { rows: [], accepted: new Map(), skipped: 0, problems: [] };
  const existing = await findUsersLike(manager, users.map((u) => u.id), users.map((u) => u.email.trim().toLowerCase()));
  const byId = new Map(existing.map((u) => [u.id, u]));
  const byEmail = new Map(existing.map((u) => [u.email, u]));
  const firstWithEmail = new Map<string, number>();
  const skip = (user: LaravelUser, why: string) => {
    plan.skipped += 1;
    plan.problems.push(`${label(user)}: ${why}; not imported`);
  };
  for (const user of users) {
    const email = user.email.trim().toLowerCase();
    // The database's lower(trim()) finds most duplicates; this page's own list the rest (other whitespace).
    const first = duplicates.get(user.id) ?? firstWithEmail.get(email);
    if (first !== undefined) {
      skip(user, `same email as user ${first} (emails are unique case-insensitively here; accounts are not merged)`);
      continue;
    }
    firstWithEmail.set(email, user.id);
    const problem = invalidity(user, email);
    const here = byId.get(user.id);
    const owner = byEmail.get(email);
    if (problem) skip(user, problem);
    else if (here && here.email !== email) skip(user, `id ${user.id} belongs to another user here`);
    else if (!here && owner) skip(user, `the email belongs to user ${owner.id} here`);
    else if (here) plan.accepted.set(user.id, email);
    else {
      if (options.parts.has('users')) plan.accepted.set(user.id, email);
      plan.rows.push({
        id: user.id,
        name: user.name,
        email,
        emailVerifiedAt: user.emailVerifiedAt,
        password: user.password,
        currentTeamId: user.currentTeamId,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
      });
    }
  }
  return plan;
}

export interface TwoFactorPlan {
  rows: ImportedTwoFactorRow[];
  found: number;
  skipped: number;
  problems: string[];
}

/** Fails the whole import on the first payload no key opens: that is a wrong --laravel-key, found before any write. */
function decrypt(options: ImportOptions, user: LaravelUser, payload: string, what: string): string {
  try {
    return options.decrypter!.decryptString(payload);
  } catch (error) {
    const reason = error instanceof LaravelDecryptError ? error.message : 'it could not be read';
    throw new LaravelDecryptError(`Cannot decrypt the ${what} of user ${user.id} with --laravel-key (${reason}); nothing was imported`);
  }
}

/** Before the first write: every Fortify value must open with the keys given, or the import stops. */
export function checkDecryptable(users: LaravelUser[], options: ImportOptions): void {
  for (const user of users) {
    if (user.twoFactorSecret) decrypt(options, user, user.twoFactorSecret, 'two-factor secret');
    if (user.twoFactorSecret && user.twoFactorRecoveryCodes) decrypt(options, user, user.twoFactorRecoveryCodes, 'two-factor recovery codes');
  }
}

function recoveryCodes(options: ImportOptions, user: LaravelUser): string[] | null {
  if (!user.twoFactorRecoveryCodes) return [];
  const json = decrypt(options, user, user.twoFactorRecoveryCodes, 'two-factor recovery codes');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  return Array.isArray(parsed) && parsed.every((code) => typeof code === 'string') ? parsed : null;
}

/** Decrypts the Fortify secrets and code lists of a page (checkDecryptable saw them all first) and re-encrypts them with ours. */
export function planTwoFactor(users: LaravelUser[], accepted: Map<number, string>, options: ImportOptions): TwoFactorPlan {
  const plan: TwoFactorPlan = { rows: [], found: 0, skipped: 0, problems: [] };
  for (const user of users) {
    if (!user.twoFactorSecret) continue;
    plan.found += 1;
    const secret = decrypt(options, user, user.twoFactorSecret, 'two-factor secret');
    const codes = recoveryCodes(options, user);
    const email = accepted.get(user.id);
    let problem: string | null = null;
    if (email === undefined) problem = 'the user is not imported';
    else if (!isUsableTotpSecret(secret)) problem = 'the secret is not base32';
    else if (codes === null) problem = 'the recovery codes are not a JSON list';
    if (problem) {
      plan.skipped += 1;
      plan.problems.push(`two-factor of user ${user.id}: ${problem}; not imported`);
      continue;
    }
    plan.rows.push({
      userId: user.id,
      email: email!,
      secret: options.encrypter.encrypt(secret),
      recoveryCodes: options.encrypter.encrypt(JSON.stringify(codes)),
      // Fortify before `confirm` had no such column: a stored secret was an active one.
      confirmedAt: user.twoFactorConfirmedAt === undefined ? (user.updatedAt ?? new Date()) : user.twoFactorConfirmedAt,
    });
  }
  return plan;
}
