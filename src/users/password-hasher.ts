import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';

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

  /** Native bcrypt rejects Laravel's `$2y$` prefix although the algorithm is the same as `$2b$`. */
  verify(plain: string, hash: string): Promise<boolean> {
    return bcrypt.compare(plain, hash.replace(/^\$2y\$/, '$2b$'));
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
