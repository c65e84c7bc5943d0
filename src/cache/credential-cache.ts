import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Invalidation, InvalidationBus } from './invalidation-bus';
import { LruCache } from './lru-cache';

const MAX_ENTRIES = 10_000;
// Staleness bound if an invalidation were ever lost; invalidations normally act within milliseconds.
const TTL_MS = 60_000;

/** What the cache needs of the records it holds; the owners' own types (User, SessionRecord, TokenRecord) fill them in. */
export interface CachedUser {
  id: number;
}
export interface CachedSession {
  hash: string;
  userId: number;
}
export interface CachedToken {
  id: number;
  userId: number;
}

/**
 * Verified sessions (by SHA-256 of the cookie id), verified tokens (by SHA-256 of the secret)
 * and their users, so a warm authenticated request makes no database round trip. Entries are
 * dropped by InvalidationBus events from this and every other instance.
 *
 * Generic so that the cache knows none of the features that use it: each kind has one writer, its
 * owner (UsersService, SessionsService, TokenAuthenticator), which injects the cache typed with its
 * own record type and is the only one to read that kind back.
 */
@Injectable()
export class CredentialCache<U extends CachedUser = CachedUser, S extends CachedSession = CachedSession, T extends CachedToken = CachedToken> {
  private readonly sessions: LruCache<string, S>;
  private readonly tokens: LruCache<string, T>;
  private readonly users: LruCache<number, U>;
  /**
   * Bumped by every invalidation. A loader notes it before reading the database and stores its
   * result only if it has not moved, so a read that raced a revocation is never cached.
   */
  private generationCounter = 0;

  constructor(
    private readonly bus: InvalidationBus,
    clock: Clock,
  ) {
    const now = () => clock.now();
    this.sessions = new LruCache(MAX_ENTRIES, TTL_MS, now);
    this.tokens = new LruCache(MAX_ENTRIES, TTL_MS, now);
    this.users = new LruCache(MAX_ENTRIES, TTL_MS, now);
    bus.subscribe((event) => (event === 'reset' ? this.clear() : this.forget(event)));
  }

  get generation(): number {
    return this.generationCounter;
  }

  private forget({ kind, key }: Invalidation): void {
    if (kind === 'rbac') return; // the access cache's, not a credential
    this.generationCounter += 1;
    // '*': the whole table changed (a TRUNCATE, a bulk prune).
    if (key === '*') return this.forgetAll(kind);
    const id = Number(key);
    if (kind === 'user') {
      this.users.delete(id);
      this.sessions.deleteWhere((session) => session.userId === id);
      this.tokens.deleteWhere((token) => token.userId === id);
    } else if (kind === 'session') {
      this.sessions.delete(String(key));
    } else if (kind === 'user-sessions') {
      this.sessions.deleteWhere((session) => session.userId === id);
    } else if (kind === 'token') {
      this.tokens.deleteWhere((token) => token.id === id);
    } else if (kind === 'user-tokens') {
      this.tokens.deleteWhere((token) => token.userId === id);
    }
  }

  private forgetAll(kind: Invalidation['kind']): void {
    if (kind === 'session' || kind === 'user-sessions') this.sessions.clear();
    else if (kind === 'token' || kind === 'user-tokens') this.tokens.clear();
    else this.clear(); // users: their sessions and tokens go with them
  }

  /** Caches are only trusted while remote invalidations are guaranteed to arrive. */
  private get enabled(): boolean {
    return this.bus.reliable;
  }

  session(hash: string): S | undefined {
    return this.enabled ? this.sessions.get(hash) : undefined;
  }
  rememberSession(record: S, generation: number): void {
    if (this.storable(generation)) this.sessions.set(record.hash, record);
  }

  token(secretHash: string): T | undefined {
    return this.enabled ? this.tokens.get(secretHash) : undefined;
  }
  /**
   * `expiresAt` is when the token stops being valid (its expires_at or its SANCTUM_EXPIRATION age):
   * the entry ends then, so the cache alone never answers for a token past its expiry.
   */
  rememberToken(secretHash: string, record: T, generation: number, expiresAt: Date | null): void {
    if (this.storable(generation)) this.tokens.set(secretHash, record, expiresAt?.getTime());
  }

  user(id: number): U | undefined {
    return this.enabled ? this.users.get(id) : undefined;
  }
  rememberUser(user: U, generation: number): void {
    if (this.storable(generation)) this.users.set(user.id, user);
  }

  private storable(generation: number): boolean {
    return this.enabled && generation === this.generationCounter;
  }

  clear(): void {
    this.generationCounter += 1;
    this.sessions.clear();
    this.tokens.clear();
    this.users.clear();
  }
}
