import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { InvalidationBus } from '../cache/invalidation-bus';
import { affectedRows } from '../common/affected-rows';
import { User } from './user.entity';

/**
 * The users' two-factor columns, written only here. Every change is one conditional UPDATE, so of
 * concurrent requests only one wins, and a change drops the cached user (its JSON shows
 * two_factor_enabled; challenges read the secret). The values arrive as ciphertexts: what they hold
 * and how they are encrypted is two-factor/'s business (TwoFactorStore).
 */
@Injectable()
export class UserTwoFactorColumns {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly bus: InvalidationBus,
  ) {}

  /** A new, unconfirmed secret and codes, unless 2FA is already confirmed. */
  async replaceUnconfirmedSecret(userId: number, secret: string, recoveryCodes: string): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_secret = $2, two_factor_recovery_codes = $3, two_factor_confirmed_at = NULL, updated_at = now()
        WHERE id = $1 AND two_factor_confirmed_at IS NULL`,
      [userId, secret, recoveryCodes],
    );
    return this.changed(userId, result);
  }

  /** Confirms exactly this secret: a secret replaced meanwhile stays unconfirmed. */
  async confirmSecret(userId: number, secret: string): Promise<boolean> {
    const result = await this.users.query(
      'UPDATE users SET two_factor_confirmed_at = now(), updated_at = now() WHERE id = $1 AND two_factor_secret = $2',
      [userId, secret],
    );
    return this.changed(userId, result);
  }

  /** Clears secret, codes and confirmation; false when there was nothing to clear. */
  async clear(userId: number): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_secret = NULL, two_factor_recovery_codes = NULL, two_factor_confirmed_at = NULL, updated_at = now()
        WHERE id = $1 AND (two_factor_secret IS NOT NULL OR two_factor_recovery_codes IS NOT NULL OR two_factor_confirmed_at IS NOT NULL)`,
      [userId],
    );
    return this.changed(userId, result);
  }

  /** New recovery codes; false when the user has no secret. */
  async replaceRecoveryCodes(userId: number, recoveryCodes: string): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_recovery_codes = $2, updated_at = now() WHERE id = $1 AND two_factor_secret IS NOT NULL`,
      [userId, recoveryCodes],
    );
    return this.changed(userId, result);
  }

  /** Records a used TOTP time step; only moves forward, and only for the secret the code was checked against. */
  async advanceLastStep(userId: number, secret: string, step: number): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_last_step = $2
        WHERE id = $1 AND two_factor_secret = $3 AND (two_factor_last_step IS NULL OR two_factor_last_step < $2)`,
      [userId, step, secret],
    );
    return this.changed(userId, result);
  }

  /** The stored recovery-codes ciphertext, read fresh (not from the cache) for a compare-and-swap. */
  async recoveryCodesOf(userId: number): Promise<string | null> {
    const row = await this.users.findOne({ where: { id: userId }, select: { id: true, twoFactorRecoveryCodes: true } });
    return row?.twoFactorRecoveryCodes ?? null;
  }

  /** Compare-and-swap: false when the stored codes are no longer `expected`. */
  async swapRecoveryCodes(userId: number, expected: string, next: string): Promise<boolean> {
    const result = await this.users.query(
      'UPDATE users SET two_factor_recovery_codes = $3, updated_at = now() WHERE id = $1 AND two_factor_recovery_codes = $2',
      [userId, expected, next],
    );
    return this.changed(userId, result);
  }

  private changed(userId: number, result: unknown): boolean {
    const updated = affectedRows(result) === 1;
    if (updated) this.bus.invalidate({ kind: 'user', key: userId });
    return updated;
  }
}
