import { Injectable } from '@nestjs/common';
import { Encrypter, safeEqual } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { User } from '../users/user.entity';
import { hasConfirmedTwoFactor } from '../users/user.response';
import { UserTwoFactorColumns } from '../users/user-two-factor-columns';
import { generateRecoveryCodes, generateTotpSecret, verifyTotp } from './totp';

// A compare-and-swap on the recovery codes only loses to another write to the same row (another
// code used at the same instant, a regeneration): a few retries are plenty.
const RECOVERY_CAS_RETRIES = 5;

/**
 * The two-factor policy over the user's columns: secret and recovery codes are AES-256-GCM
 * ciphertexts under APP_KEY, made and read here; users/ (UserTwoFactorColumns) writes them, every
 * state change a single conditional UPDATE, so concurrent requests cannot both win.
 */
@Injectable()
export class TwoFactorStore {
  private readonly encrypter: Encrypter;

  constructor(
    private readonly columns: UserTwoFactorColumns,
    @InjectConfig() config: AppConfig,
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
  enable(userId: number): Promise<boolean> {
    const secret = this.encrypter.encrypt(generateTotpSecret());
    return this.columns.replaceUnconfirmedSecret(userId, secret, this.encryptCodes(generateRecoveryCodes()));
  }

  /** Confirms exactly the secret the code was checked against: a secret replaced meanwhile stays unconfirmed. */
  confirm(userId: number, secretCiphertext: string): Promise<boolean> {
    return this.columns.confirmSecret(userId, secretCiphertext);
  }

  /** Removes secret, codes and confirmation; false when there was nothing to remove. */
  disable(userId: number): Promise<boolean> {
    return this.columns.clear(userId);
  }

  /** A fresh set of 8 replaces the old one; false when 2FA is not enabled. */
  regenerateRecoveryCodes(userId: number): Promise<boolean> {
    return this.columns.replaceRecoveryCodes(userId, this.encryptCodes(generateRecoveryCodes()));
  }

  /**
   * Checks a TOTP code and records its time step in the same conditional UPDATE: of two requests
   * presenting one code, only the first moves `two_factor_last_step` forward; the other updates nothing.
   */
  async acceptCode(user: User, code: string): Promise<boolean> {
    const secret = this.secretOf(user);
    if (!secret || !user.twoFactorSecret) return false;
    const step = await verifyTotp(secret, code, { afterTimeStep: user.twoFactorLastStep });
    if (step === null) return false;
    return this.columns.advanceLastStep(user.id, user.twoFactorSecret, step);
  }

  /**
   * Removes a recovery code if it is one of the user's: compare-and-swap on the ciphertext, so two
   * requests using one code cannot both succeed. Returns how many codes remain, or null if it was not valid.
   */
  async useRecoveryCode(userId: number, code: string): Promise<number | null> {
    for (let attempt = 0; attempt < RECOVERY_CAS_RETRIES; attempt++) {
      const stored = await this.columns.recoveryCodesOf(userId);
      const codes = this.decryptCodes(stored);
      const index = codes.findIndex((candidate) => safeEqual(candidate, code));
      if (stored === null || index === -1) return null;
      const remaining = codes.filter((_, i) => i !== index);
      if (await this.columns.swapRecoveryCodes(userId, stored, this.encryptCodes(remaining))) return remaining.length;
    }
    return null;
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
