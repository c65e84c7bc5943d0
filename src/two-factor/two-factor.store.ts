import { Injectable } from '@nestjs/common';
import { InvalidationBus } from '../cache/invalidation-bus';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Encrypter, safeEqual } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { User } from '../users/user.entity';
import { hasConfirmedTwoFactor } from '../users/user.response';
import { generateRecoveryCodes, generateTotpSecret, verifyTotp } from './totp';

// A compare-and-swap on the recovery codes only loses to another write to the same row (another
// code used at the same instant, a regeneration): a few retries are plenty.
const RECOVERY_CAS_RETRIES = 5;

/** pg reports the affected row count of UPDATE/DELETE through TypeORM's query() as [rows, count]. */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/**
 * The user's two-factor columns. Secret and recovery codes are AES-256-GCM ciphertexts under APP_KEY;
 * every state change is a single conditional UPDATE, so concurrent requests cannot both win.
 */
@Injectable()
export class TwoFactorStore {
  private readonly encrypter: Encrypter;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectConfig() config: AppConfig,
    private readonly bus: InvalidationBus,
  ) {
    this.encrypter = new Encrypter(config.appKey);
  }

  /** Fortify with `confirm`: a code is asked for only once the secret has been confirmed. */
  isActive(user: User): boolean {
    return hasConfirmedTwoFactor(user);
  }

  secretOf(user: User): string | null {
    return user.twoFactorSecret ? this.encrypter.decrypt(user.twoFactorSecret) : null;
  }

  recoveryCodesOf(user: User): string[] {
    return this.decryptCodes(user.twoFactorRecoveryCodes);
  }

  /** New secret and codes, unless 2FA is already confirmed (then nothing changes: docs/http-contract.md §10.19). */
  async enable(userId: number): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_secret = $2, two_factor_recovery_codes = $3, two_factor_confirmed_at = NULL, updated_at = now()
        WHERE id = $1 AND two_factor_confirmed_at IS NULL`,
      [userId, this.encrypter.encrypt(generateTotpSecret()), this.encryptCodes(generateRecoveryCodes())],
    );
    return this.changed(userId, result);
  }

  /** Confirms exactly the secret the code was checked against: a secret replaced meanwhile stays unconfirmed. */
  async confirm(userId: number, secretCiphertext: string): Promise<boolean> {
    const result = await this.users.query(
      'UPDATE users SET two_factor_confirmed_at = now(), updated_at = now() WHERE id = $1 AND two_factor_secret = $2',
      [userId, secretCiphertext],
    );
    return this.changed(userId, result);
  }

  /** Removes secret, codes and confirmation; false when there was nothing to remove. */
  async disable(userId: number): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_secret = NULL, two_factor_recovery_codes = NULL, two_factor_confirmed_at = NULL, updated_at = now()
        WHERE id = $1 AND (two_factor_secret IS NOT NULL OR two_factor_recovery_codes IS NOT NULL OR two_factor_confirmed_at IS NOT NULL)`,
      [userId],
    );
    return this.changed(userId, result);
  }

  /** A fresh set of 8 replaces the old one; false when 2FA is not enabled. */
  async regenerateRecoveryCodes(userId: number): Promise<boolean> {
    const result = await this.users.query(
      `UPDATE users SET two_factor_recovery_codes = $2, updated_at = now() WHERE id = $1 AND two_factor_secret IS NOT NULL`,
      [userId, this.encryptCodes(generateRecoveryCodes())],
    );
    return this.changed(userId, result);
  }

  /**
   * Checks a TOTP code and records its time step in the same conditional UPDATE: of two requests
   * presenting one code, only the first moves `two_factor_last_step` forward; the other updates nothing.
   */
  async acceptCode(user: User, code: string): Promise<boolean> {
    const secret = this.secretOf(user);
    if (!secret) return false;
    const step = await verifyTotp(secret, code, { afterTimeStep: user.twoFactorLastStep });
    if (step === null) return false;
    const result = await this.users.query(
      `UPDATE users SET two_factor_last_step = $2
        WHERE id = $1 AND two_factor_secret = $3 AND (two_factor_last_step IS NULL OR two_factor_last_step < $2)`,
      [user.id, step, user.twoFactorSecret],
    );
    return this.changed(user.id, result);
  }

  /**
   * Removes a recovery code if it is one of the user's: compare-and-swap on the ciphertext, so two
   * requests using one code cannot both succeed. Returns how many codes remain, or null if it was not valid.
   */
  async useRecoveryCode(userId: number, code: string): Promise<number | null> {
    for (let attempt = 0; attempt < RECOVERY_CAS_RETRIES; attempt++) {
      const row = await this.users.findOne({ where: { id: userId }, select: { id: true, twoFactorRecoveryCodes: true } });
      const stored = row?.twoFactorRecoveryCodes ?? null;
      const codes = this.decryptCodes(stored);
      const index = codes.findIndex((candidate) => safeEqual(candidate, code));
      if (stored === null || index === -1) return null;
      const remaining = codes.filter((_, i) => i !== index);
      const result = await this.users.query(
        'UPDATE users SET two_factor_recovery_codes = $3, updated_at = now() WHERE id = $1 AND two_factor_recovery_codes = $2',
        [userId, stored, this.encryptCodes(remaining)],
      );
      if (this.changed(userId, result)) return remaining.length;
    }
    return null;
  }

  /** One row updated: tell the caches (the user JSON shows two_factor_enabled; challenges read the secret). */
  private changed(userId: number, result: unknown): boolean {
    const updated = affectedRows(result) === 1;
    if (updated) this.bus.invalidate({ kind: 'user', key: userId });
    return updated;
  }

  private encryptCodes(codes: string[]): string {
    return this.encrypter.encrypt(JSON.stringify(codes));
  }

  private decryptCodes(ciphertext: string | null): string[] {
    if (!ciphertext) return [];
    const codes: unknown = JSON.parse(this.encrypter.decrypt(ciphertext));
    return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
  }
}
