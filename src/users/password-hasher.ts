import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { PASSWORD_MAX_BYTES } from '../common/field-rules';

/**
 * bcrypt, always through the async API (it runs on the libuv pool, never on the event loop), and
 * never more than BCRYPT_CONCURRENCY at once: hashes and comparisons queue behind each other.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;
  private readonly pool: ConcurrencyLimiter;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.pool = new ConcurrencyLimiter(config.bcryptConcurrency);
  }

  hash(plain: string): Promise<string> {
    return this.pool.run(() => bcrypt.hash(plain, this.config.bcryptRounds));
  }

  /**
   * Native bcrypt rejects Laravel's `$2y$` prefix although the algorithm is the same as `$2b$`.
   * bcrypt reads only the first 72 bytes, so a longer candidate would match on its prefix: it is
   * refused, after the same work as any other check. An account without a password matches nothing,
   * after the same work too.
   */
  async verify(plain: string, hash: string | null): Promise<boolean> {
    if (hash === null) return this.verifyAgainstDummy(plain);
    const matches = await this.pool.run(() => bcrypt.compare(plain, hash.replace(/^\$2y\$/, '$2b$')));
    return matches && Buffer.byteLength(plain, 'utf8') <= PASSWORD_MAX_BYTES;
  }

  /**
   * Spends the same time as a real check when there is no user, so response time does not
   * reveal whether an email is registered.
   */
  async verifyAgainstDummy(plain: string): Promise<false> {
    this.dummyHash ??= this.hash('gatehouse-timing-equaliser');
    const dummy = await this.dummyHash;
    await this.pool.run(() => bcrypt.compare(plain, dummy));
    return false;
  }

  /** Hashing work running and queued now (for diagnostics). */
  stats(): { active: number; waiting: number } {
    return this.pool.stats();
  }
}
