import { Injectable } from '@nestjs/common';
import { fieldError, notFound } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { User } from '../users/user.entity';
import { TwoFactorStore } from './two-factor.store';
import { qrCodeSvg, totpUri } from './totp';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { RequestFacts } from '../common/request-facts';

export const INVALID_CODE = 'The provided two factor authentication code was invalid.';
export const NOT_ENABLED = 'Two factor authentication has not been enabled.';

/** Fortify's two-factor management actions (docs/http-contract.md §6), each audited. */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly store: TwoFactorStore,
    private readonly events: GatehouseEvents,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async enable(facts: RequestFacts, user: User): Promise<void> {
    if (await this.store.enable(user.id)) await this.events.emit('two_factor.enabled', { facts, userId: user.id, metadata: {} });
  }

  /** 422 errors.code unless the code matches the pending secret (and was not used before). */
  async confirm(facts: RequestFacts, user: User, code: string | null | undefined): Promise<void> {
    const accepted = Boolean(user.twoFactorSecret && code) && (await this.store.acceptCode(user, code!));
    if (!accepted || !(await this.store.confirm(user.id, user.twoFactorSecret!))) {
      await this.events.emit('two_factor.failed', { facts, userId: user.id, metadata: { stage: 'confirm' } });
      throw fieldError('code', INVALID_CODE);
    }
    await this.events.emit('two_factor.confirmed', { facts, userId: user.id, metadata: {} });
  }

  async disable(facts: RequestFacts, user: User): Promise<void> {
    if (await this.store.disable(user.id)) await this.events.emit('two_factor.disabled', { facts, userId: user.id, metadata: {} });
  }

  /** Fortify answers `[]` when there is no secret yet. */
  async qrCode(user: User): Promise<{ svg: string; url: string } | []> {
    const secret = this.store.secretOf(user);
    if (!secret) return [];
    const url = totpUri(this.config.appName, user.email, secret);
    return { svg: await qrCodeSvg(url), url };
  }

  secretKey(user: User): { secretKey: string } {
    const secret = this.store.secretOf(user);
    if (!secret) throw notFound(NOT_ENABLED);
    return { secretKey: secret };
  }

  recoveryCodes(user: User): string[] {
    return this.store.recoveryCodesOf(user);
  }

  /** Unlike Fortify, refuses to create codes for a user without a secret (they could never be used). */
  async regenerateRecoveryCodes(user: User): Promise<void> {
    if (!(await this.store.regenerateRecoveryCodes(user.id))) throw notFound(NOT_ENABLED);
  }
}
