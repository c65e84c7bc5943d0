import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { affectedRows } from '../common/affected-rows';
import { sha256Hex } from '../common/crypto';
import { PasskeyChallenge, PasskeyChallengePurpose } from './passkey-challenge.entity';

/** How long a ceremony may take, from its options to its answer (also the WebAuthn `timeout`). */
export const PASSKEY_CHALLENGE_TTL_SECONDS = 300;

/** A consumed challenge: whose ceremony it was (null for a discoverable login). */
export interface ConsumedChallenge {
  userId: number | null;
}

/**
 * Challenges in PostgreSQL (every worker sees them), stored only as SHA-256. Using one is a DELETE that only
 * one request can win, before the answer is checked: a challenge is never accepted twice, not even in parallel.
 */
@Injectable()
export class PasskeyChallenges {
  constructor(@InjectRepository(PasskeyChallenge) private readonly challenges: Repository<PasskeyChallenge>) {}

  /** A new base64url challenge (32 random bytes) for `purpose`, tied to `userId` when the ceremony is a user's. */
  async issue(purpose: PasskeyChallengePurpose, userId: number | null): Promise<string> {
    await this.pruneExpired();
    const challenge = randomBytes(32).toString('base64url');
    await this.challenges.query(
      `INSERT INTO passkey_challenges (id, purpose, user_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [sha256Hex(challenge), purpose, userId, PASSKEY_CHALLENGE_TTL_SECONDS],
    );
    return challenge;
  }

  /** Takes the challenge if it is live and was issued for `purpose`; null when unknown, used, expired or for another ceremony. */
  async consume(challenge: string, purpose: PasskeyChallengePurpose): Promise<ConsumedChallenge | null> {
    const result: unknown = await this.challenges.query(
      'DELETE FROM passkey_challenges WHERE id = $1 AND purpose = $2 AND expires_at > now() RETURNING user_id',
      [sha256Hex(challenge), purpose],
    );
    const rows = Array.isArray(result) ? (result[0] as Array<{ user_id: string | number | null }>) : [];
    if (rows.length !== 1) return null;
    return { userId: rows[0].user_id === null ? null : Number(rows[0].user_id) };
  }

  /** Returns how many expired challenges were deleted (also run by the Pruner). */
  async pruneExpired(): Promise<number> {
    return affectedRows(await this.challenges.query('DELETE FROM passkey_challenges WHERE expires_at <= now()'));
  }
}
