import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomAlnum, sha256Hex } from '../common/crypto';
import { PendingLogin, PendingLoginKind } from './pending-login.entity';
import { affectedRows } from '../common/affected-rows';

/** How long a password login waits for its code (the `expires_in` of a challenge token). */
export const PENDING_LOGIN_TTL_SECONDS = 300;
/** Tries per pending login; the last wrong one ends it (docs/http-contract.md §10.23). */
export const MAX_CHALLENGE_ATTEMPTS = 5;

export type PendingLoginLookup = { kind: 'session'; sessionId: string } | { kind: 'token'; challengeToken: string };

export interface PendingLoginRecord {
  id: string;
  userId: number;
  kind: PendingLoginKind;
  remember: boolean;
  deviceName: string | null;
  abilities: string[] | null;
  attempts: number;
}

interface PendingLoginRow {
  id: string;
  user_id: string | number;
  kind: PendingLoginKind;
  remember: boolean;
  device_name: string | null;
  abilities: string[] | null;
  attempts: number;
}

/**
 * Server-side pending logins (Fortify's session `login.id`, made to work for token clients too).
 * Every try takes one attempt with a single conditional UPDATE before its code is checked, so
 * parallel guesses can never exceed the limit; finishing is a DELETE that only one request can win.
 */
@Injectable()
export class PendingLoginsService {
  constructor(@InjectRepository(PendingLogin) private readonly pending: Repository<PendingLogin>) {}

  /** Ties a pending login to the browser's session cookie, replacing any earlier one of that browser. */
  async startForSession(userId: number, sessionId: string, remember: boolean): Promise<void> {
    await this.pruneExpired();
    await this.pending.query(
      `INSERT INTO pending_logins (id, user_id, kind, session_hash, remember, expires_at)
       VALUES ($1, $2, 'session', $3, $4, now() + make_interval(secs => $5))
       ON CONFLICT (session_hash) DO UPDATE SET id = EXCLUDED.id, user_id = EXCLUDED.user_id,
         remember = EXCLUDED.remember, attempts = 0, expires_at = EXCLUDED.expires_at, created_at = now()`,
      [sha256Hex(randomAlnum(40)), userId, sha256Hex(sessionId), remember, PENDING_LOGIN_TTL_SECONDS],
    );
  }

  /** Returns the plain challenge token; only its SHA-256 is stored. */
  async startForToken(userId: number, deviceName: string, abilities: string[]): Promise<string> {
    await this.pruneExpired();
    const challengeToken = randomAlnum(64);
    await this.pending.query(
      `INSERT INTO pending_logins (id, user_id, kind, device_name, abilities, expires_at)
       VALUES ($1, $2, 'token', $3, $4::jsonb, now() + make_interval(secs => $5))`,
      [sha256Hex(challengeToken), userId, deviceName, JSON.stringify(abilities), PENDING_LOGIN_TTL_SECONDS],
    );
    return challengeToken;
  }

  /** Takes one try of a live pending login; null when it is unknown, expired or out of tries. */
  async claimAttempt(lookup: PendingLoginLookup): Promise<PendingLoginRecord | null> {
    const [column, value] =
      lookup.kind === 'session' ? ['session_hash', sha256Hex(lookup.sessionId)] : ['id', sha256Hex(lookup.challengeToken)];
    const result: unknown = await this.pending.query(
      `UPDATE pending_logins SET attempts = attempts + 1
        WHERE ${column} = $1 AND kind = $2 AND expires_at > now() AND attempts < $3
        RETURNING id, user_id, kind, remember, device_name, abilities, attempts`,
      [value, lookup.kind, MAX_CHALLENGE_ATTEMPTS],
    );
    const rows = Array.isArray(result) ? (result[0] as PendingLoginRow[]) : [];
    return rows.length === 1 ? toRecord(rows[0]) : null;
  }

  /** Whose live pending login this is, without taking a try (for building a passkey challenge); null when there is none. */
  async userOf(lookup: PendingLoginLookup): Promise<number | null> {
    const [column, value] =
      lookup.kind === 'session' ? ['session_hash', sha256Hex(lookup.sessionId)] : ['id', sha256Hex(lookup.challengeToken)];
    const rows = (await this.pending.query(
      `SELECT user_id FROM pending_logins WHERE ${column} = $1 AND kind = $2 AND expires_at > now() AND attempts < $3`,
      [value, lookup.kind, MAX_CHALLENGE_ATTEMPTS],
    )) as Array<{ user_id: string | number }>;
    return rows.length === 1 ? Number(rows[0].user_id) : null;
  }

  /** Ends the pending login on success; false if a parallel request already finished it. */
  async finish(id: string): Promise<boolean> {
    return affectedRows(await this.pending.query('DELETE FROM pending_logins WHERE id = $1', [id])) === 1;
  }

  /** After the last allowed wrong try the row is useless: remove it now rather than at pruning. */
  async discardIfExhausted(id: string): Promise<void> {
    await this.pending.query('DELETE FROM pending_logins WHERE id = $1 AND attempts >= $2', [id, MAX_CHALLENGE_ATTEMPTS]);
  }

  /** Returns how many expired pending logins were deleted (also run by the Pruner). */
  async pruneExpired(): Promise<number> {
    return affectedRows(await this.pending.query('DELETE FROM pending_logins WHERE expires_at <= now()'));
  }
}

function toRecord(row: PendingLoginRow): PendingLoginRecord {
  return {
    id: row.id,
    userId: Number(row.user_id),
    kind: row.kind,
    remember: row.remember,
    deviceName: row.device_name,
    abilities: row.abilities,
    attempts: row.attempts,
  };
}
