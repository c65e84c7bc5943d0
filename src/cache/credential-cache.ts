import { Injectable } from '@nestjs/common';
import type { SessionRecord } from '../sessions/session.record';
import type { TokenRecord } from '../tokens/token.record';
import type { User } from '../users/user.entity';
import { InvalidationBus } from './invalidation-bus';
import { LruCache } from './lru-cache';

const MAX_ENTRIES = 10_000;
// Staleness bound if an invalidation were ever lost; invalidations normally act within milliseconds.
const TTL_MS = 60_000;

/**
 * Verified sessions (by SHA-256 of the cookie id), verified tokens (by SHA-256 of the secret)
 * and their users, so a warm authenticated request makes no database round trip. Entries are
 * dropped by InvalidationBus events from this and every other instance.
 */
@Injectable()
export class CredentialCache {
  private readonly sessions = new LruCache<string, SessionRecord>(MAX_ENTRIES, TTL_MS);
  private readonly tokens = new LruCache<string, TokenRecord>(MAX_ENTRIES, TTL_MS);
  private readonly users = new LruCache<number, User>(MAX_ENTRIES, TTL_MS);

  constructor(private readonly bus: InvalidationBus) {
    bus.subscribe((event) => {
      if (event === 'reset') return this.clear();
      const key = event.key;
      switch (event.kind) {
        case 'user':
          this.users.delete(Number(key));
          this.sessions.deleteWhere((session) => session.userId === Number(key));
          this.tokens.deleteWhere((token) => token.userId === Number(key));
          break;
        case 'session':
          this.sessions.delete(String(key));
          break;
        case 'user-sessions':
          this.sessions.deleteWhere((session) => session.userId === Number(key));
          break;
        case 'token':
          this.tokens.deleteWhere((token) => token.id === Number(key));
          break;
        case 'user-tokens':
          this.tokens.deleteWhere((token) => token.userId === Number(key));
          break;
      }
    });
  }

  /** Caches are only trusted while remote invalidations are guaranteed to arrive. */
  private get enabled(): boolean {
    return this.bus.reliable;
  }

  session(hash: string): SessionRecord | undefined {
    return this.enabled ? this.sessions.get(hash) : undefined;
  }
  rememberSession(record: SessionRecord): void {
    if (this.enabled) this.sessions.set(record.hash, record);
  }

  token(secretHash: string): TokenRecord | undefined {
    return this.enabled ? this.tokens.get(secretHash) : undefined;
  }
  rememberToken(secretHash: string, record: TokenRecord): void {
    if (this.enabled) this.tokens.set(secretHash, record);
  }

  user(id: number): User | undefined {
    return this.enabled ? this.users.get(id) : undefined;
  }
  rememberUser(user: User): void {
    if (this.enabled) this.users.set(user.id, user);
  }

  clear(): void {
    this.sessions.clear();
    this.tokens.clear();
    this.users.clear();
  }
}
