import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { FailureReason } from '../common/api-error';
import { safeEqual, sha256Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { CachedSession, CachedUser, CredentialCache } from '../cache/credential-cache';
import { Clock } from '../common/clock';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { ParsedPlainToken, parsePlainToken } from './access-token';
import { PersonalAccessToken } from './personal-access-token.entity';
import { TokenLifetime, tokenExpiry } from './token-expiry';
import { TokenRecord } from './token.record';
import { TokenUsageTracker } from './token-usage.tracker';

export type TokenAuthentication = { user: User; token: TokenRecord } | { failure: FailureReason };
const INVALID: TokenAuthentication = Object.freeze({ failure: 'token_invalid' as const });

/**
 * The bearer half of the sanctum guard (Sanctum's Guard + PersonalAccessToken::findToken):
 * `id|secret` is looked up by primary key and compared in constant time; a bare secret by hash.
 */
@Injectable()
export class TokenAuthenticator {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    private readonly users: UsersService,
    private readonly cache: CredentialCache<CachedUser, CachedSession, TokenRecord>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly usage: TokenUsageTracker,
    private readonly clock: Clock,
  ) {}

  async authenticate(plain: string): Promise<TokenAuthentication> {
    const parsed = parsePlainToken(plain);
    if (!parsed) return INVALID;
    // Synchronous SHA-256: async crypto would queue behind bcrypt on the libuv pool.
    const hash = sha256Hex(parsed.secret);
    const token = this.cache.token(hash) ?? (await this.load(parsed.id, hash));
    if (!token) return INVALID;
    const refused = this.refusal(parsed, token);
    if (refused) return refused;
    const user = await this.users.findAuthenticatable(token.userId);
    return user ? this.accepted(token, user) : INVALID;
  }

  /** authenticate() from the caches alone (a warm token of a warm user), undefined when the database must be asked. */
  fromCache(plain: string): TokenAuthentication | undefined {
    const parsed = parsePlainToken(plain);
    if (!parsed) return INVALID;
    const token = this.cache.token(sha256Hex(parsed.secret));
    if (!token) return undefined;
    const refused = this.refusal(parsed, token);
    if (refused) return refused;
    const user = this.users.cachedAuthenticatable(token.userId);
    return user ? this.accepted(token, user) : undefined;
  }

  /** Why a found token does not authenticate: another id than the one presented, or expired; else null. */
  private refusal(parsed: ParsedPlainToken, token: TokenRecord): TokenAuthentication | null {
    if (parsed.id !== null && token.id !== Number(parsed.id)) return INVALID;
    return this.isExpired(token) ? { failure: 'token_expired' } : null;
  }

  /** Only a verified, unexpired token of an existing user counts as "used" (never before the compare). */
  private accepted(token: TokenRecord, user: User): TokenAuthentication {
    this.usage.record(token);
    token.lastUsedAt = this.usage.lastUsedAt(token);
    return { user, token };
  }

  /** By primary key for `id|secret` (then a constant-time compare), by hash for a bare secret. */
  private async load(id: string | null, hash: string): Promise<TokenRecord | null> {
    const generation = this.cache.generation;
    const row = id ? await this.tokens.findOneBy({ id: Number(id) }) : await this.tokens.findOneBy({ token: hash });
    if (!row || !safeEqual(row.token, hash)) return null;
    const record = toTokenRecord(row);
    this.cache.rememberToken(hash, record, generation, tokenExpiry(record, this.config.sanctum.expirationMinutes));
    return record;
  }

  /** Expired by its own expires_at, or older than SANCTUM_EXPIRATION minutes. */
  isExpired(row: TokenLifetime, now = this.clock.now()): boolean {
    const expiry = tokenExpiry(row, this.config.sanctum.expirationMinutes);
    return expiry !== null && expiry.getTime() <= now;
  }
}

export function toTokenRecord(row: PersonalAccessToken): TokenRecord {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    abilities: row.abilities,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    passwordConfirmedAt: row.passwordConfirmedAt ? Math.floor(row.passwordConfirmedAt.getTime() / 1000) : null,
  };
}
