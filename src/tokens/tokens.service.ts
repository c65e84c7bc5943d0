import { Injectable } from '@nestjs/common';
import { InvalidationBus } from '../cache/invalidation-bus';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { sha256Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { formatPlainToken, generateTokenSecret } from './access-token';
import { PersonalAccessToken } from './personal-access-token.entity';
import { toTokenRecord } from './token-authenticator';
import { earliest, tokenExpiry } from './token-expiry';
import { TokenRecord } from './token.record';
import { TokenUsageTracker } from './token-usage.tracker';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { RequestFacts } from '../common/request-facts';

export interface NewToken {
  /** `<id>|<secret>`: shown once, never stored. */
  plainTextToken: string;
  token: TokenRecord;
}

/** Where a token was made, for the audit trail. */
export interface TokenOrigin {
  facts?: RequestFacts;
  via?: 'login' | 'register' | 'api' | 'cli' | 'host';
  /** The token that mints this one: the new token expires no later than it, and dies with it. */
  parent?: TokenRecord;
}

export interface PruneResult {
  byExpiresAt: number;
  /** null when SANCTUM_EXPIRATION is not set (nothing expires by age). */
  byExpiration: number | null;
}

/** Personal access tokens: creation (plain text shown once, SHA-256 stored), listing, revocation. */
@Injectable()
export class TokensService {
  constructor(
    @InjectRepository(PersonalAccessToken) private readonly tokens: Repository<PersonalAccessToken>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly events: GatehouseEvents,
    private readonly usage: TokenUsageTracker,
    private readonly bus: InvalidationBus,
  ) {}

  /** Stores a new token; records nothing (see issue()). */
  async create(userId: number, name: string, abilities: string[] = ['*'], expiresAt: Date | null = null, parentId: number | null = null): Promise<NewToken> {
    const secret = generateTokenSecret(this.config.sanctum.tokenPrefix);
    const row = await this.tokens.save(this.tokens.create({ userId, name, token: sha256Hex(secret), abilities, expiresAt, parentId }));
    return { plainTextToken: formatPlainToken(row.id, secret), token: toTokenRecord(row) };
  }

  /** create() plus the `token.created` audit event: what the routes and the CLI use. */
  async issue(userId: number, name: string, abilities: string[], requestedExpiry: Date | null, origin: TokenOrigin = {}): Promise<NewToken> {
    const { parent } = origin;
    const expiresAt = parent ? earliest(requestedExpiry, tokenExpiry(parent, this.config.sanctum.expirationMinutes)) : requestedExpiry;
    const created = await this.create(userId, name, abilities, expiresAt, parent?.id ?? null);
    await this.events.emit('token.created', {
      facts: origin.facts,
      userId,
      metadata: {
        token_id: created.token.id,
        name,
        abilities,
        expires_at: expiresAt?.toISOString() ?? null,
        via: origin.via ?? 'api',
        parent_token_id: parent?.id ?? null,
      },
    });
    return created;
  }

  /** The user's tokens, newest first, with usage this process has not written yet. */
  async listForUser(userId: number): Promise<TokenRecord[]> {
    const rows = await this.tokens.find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return rows.map((row) => this.withUsage(row));
  }

  /** One of the user's own tokens, or null (someone else's id is indistinguishable from a missing one). */
  async findOwned(userId: number, id: number): Promise<TokenRecord | null> {
    const row = await this.tokens.findOneBy({ id, userId });
    return row ? this.withUsage(row) : null;
  }

  async updateAbilities(token: TokenRecord, abilities: string[]): Promise<TokenRecord> {
    await this.tokens.update({ id: token.id, userId: token.userId }, { abilities });
    this.bus.invalidate({ kind: 'token', key: token.id });
    return { ...token, abilities };
  }

  /** The calling token revokes itself (POST /api/logout, POST /logout with a bearer token). */
  async revokeCurrent(facts: RequestFacts, token: TokenRecord): Promise<void> {
    await this.tokens.delete({ id: token.id });
    this.forgetWithDescendants(token.userId);
    await this.events.emit('token.revoked', { facts, userId: token.userId, metadata: { token_id: token.id, scope: 'current' } });
    await this.events.emit('logout', { facts, userId: token.userId, metadata: { via: 'token', token_id: token.id } });
  }

  /** Deletes one of the user's tokens; false when it is not theirs (or gone already). */
  async revoke(facts: RequestFacts | undefined, userId: number, id: number): Promise<boolean> {
    const result = await this.tokens.delete({ id, userId });
    if (!result.affected) return false;
    this.forgetWithDescendants(userId);
    await this.events.emit('token.revoked', { facts, userId, metadata: { token_id: id, scope: 'one' } });
    return true;
  }

  async revokeAll(facts: RequestFacts | undefined, userId: number): Promise<number> {
    const count = await this.revokeAllFor(userId);
    await this.events.emit('token.revoked', { facts, userId, metadata: { scope: 'all', count } });
    return count;
  }

  /**
   * Deletes every token of the user and records nothing (the caller audits: a password reset, an
   * account deletion). The cached tokens are dropped at once; inside a caller's transaction that is
   * early, and the trigger's notification follows at commit.
   */
  async revokeAllFor(userId: number, manager?: EntityManager): Promise<number> {
    const result = await (manager ?? this.tokens.manager).delete(PersonalAccessToken, { userId });
    this.bus.invalidate({ kind: 'user-tokens', key: userId });
    return result.affected ?? 0;
  }

  /** Sudo mode for a token client: the confirmation is recorded on the token that proved the password. */
  async markPasswordConfirmed(tokenId: number, confirmedAt: Date): Promise<void> {
    await this.tokens.update({ id: tokenId }, { passwordConfirmedAt: confirmedAt });
    this.bus.invalidate({ kind: 'token', key: tokenId });
  }

  /**
   * Sanctum's `sanctum:prune-expired --hours=H`: rows whose expires_at passed more than H hours
   * ago, and, when SANCTUM_EXPIRATION is set, rows created more than expiration + H hours ago.
   */
  async prune(hours: number, now: Date = new Date()): Promise<PruneResult> {
    const cutoff = new Date(now.getTime() - hours * 3_600_000);
    const byExpiresAt = await this.deleteWhere('expires_at < :before', cutoff);
    const minutes = this.config.sanctum.expirationMinutes;
    if (minutes === null) return { byExpiresAt, byExpiration: null };
    const createdBefore = new Date(now.getTime() - (minutes + hours * 60) * 60_000);
    return { byExpiresAt, byExpiration: await this.deleteWhere('created_at < :before', createdBefore) };
  }

  private async deleteWhere(condition: string, before: Date): Promise<number> {
    const result = await this.tokens.createQueryBuilder().delete().where(condition, { before }).execute();
    this.bus.invalidate({ kind: 'token', key: '*' });
    return result.affected ?? 0;
  }

  /**
   * The database deleted the token's descendants with it (ON DELETE CASCADE). They are the user's
   * own tokens, so dropping all of the user's cached tokens here covers them at once, before their
   * notifications arrive.
   */
  private forgetWithDescendants(userId: number): void {
    this.bus.invalidate({ kind: 'user-tokens', key: userId });
  }

  private withUsage(row: PersonalAccessToken): TokenRecord {
    return { ...toTokenRecord(row), lastUsedAt: this.usage.lastUsedAt(row) };
  }
}
