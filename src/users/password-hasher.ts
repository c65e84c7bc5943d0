import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { PASSWORD_MAX_BYTES } from '../common/field-rules';

/**
 * bcrypt, always through the async API (it runs on the libuv pool, never on the event loop).
 */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  hash(plain: string): Promise<string> {
    return bcrypt.hash(plain, this.config.bcryptRounds);
  }

  /**
   * Native bcrypt rejects Laravel's `$2y$` prefix although the algorithm is the same as `$2b$`.
   * bcrypt reads only the first 72 bytes, so a longer candidate would match on its prefix: it is
   * refused, after the same work as any other check.
   */
  async verify(plain: string, hash: string): Promise<boolean> {
    const matches = await bcrypt.compare(plain, hash.replace(/^\$2y\$/, '$2b$'));
    return matches && Buffer.byteLength(plain, 'utf8') <= PASSWORD_MAX_BYTES;
  }

  /**
   * Spends the same time as a real check when there is no user, so response time does not
   * reveal whether an email is registered.
   */
  async verifyAgainstDummy(plain: string): Promise<false> {
    this.dummyHash ??= bcrypt.hash('gatehouse-timing-equaliser', this.config.bcryptRounds);
    await bcrypt.compare(plain, await this.dummyHash);
    return false;
  }
}
