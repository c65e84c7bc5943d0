import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, Repository } from 'typeorm';
import { CachedUser, CredentialCache } from '../cache/credential-cache';
import { InvalidationBus } from '../cache/invalidation-bus';
import { randomAlnum, sha256Hex } from '../common/crypto';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { Session } from './session.entity';
import { SessionPayload, SessionRecord } from './session.record';

/** Laravel's session id format: anything else in the cookie is ignored (and replaced). */
export const SESSION_ID = /^[A-Za-z0-9]{40}$/;
export const newSessionId = () => randomAlnum(40);

// last_activity is rewritten at most this often per session (and at most every tenth of its
// lifetime, so a short SESSION_LIFETIME still slides), never on every request.
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionOrigin {
  ipAddress: string | null;
  userAgent: string | null;
}

export type SessionLookup = { record: SessionRecord } | { record: null; expired: boolean };

/** The PostgreSQL session store: every session read and write goes through here. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly cache: CredentialCache<CachedUser, SessionRecord>,
    private readonly bus: InvalidationBus,
  ) {}

  /** Idle lifetime in ms: SESSION_LIFETIME, or REMEMBER_LIFETIME_DAYS for remembered sessions. */
  lifetimeMs(remember: boolean): number {
    const { lifetimeMinutes, rememberLifetimeDays } = this.config.session;
    return remember ? rememberLifetimeDays * 86_400_000 : lifetimeMinutes * 60_000;
  }

  async find(sessionId: string): Promise<SessionLookup> {
    const hash = sha256Hex(sessionId);
    const record = this.cache.session(hash) ?? (await this.load(hash));
    return record ? this.lookupOf(record) : { record: null, expired: false };
  }

  /** find() from the cache alone, undefined when the database must be asked. */
  findCached(sessionId: string): SessionLookup | undefined {
    const record = this.cache.session(sha256Hex(sessionId));
    return record ? this.lookupOf(record) : undefined;
  }

  private lookupOf(record: SessionRecord): SessionLookup {
    return this.isExpired(record) ? { record: null, expired: true } : { record };
  }

  private async load(hash: string): Promise<SessionRecord | null> {
    const generation = this.cache.generation;
    const row = await this.sessions.findOneBy({ id: hash });
    if (!row) return null;
    const record = toRecord(row);
    this.cache.rememberSession(record, generation);
    return record;
  }

  /**
   * Idle expiry: past its stored expiry, or idle longer than the lifetime configured now (so
   * lowering SESSION_LIFETIME takes effect at once, as Laravel's reads of last_activity do).
   */
  isExpired(row: Pick<SessionRecord, 'expiresAt' | 'lastActivity' | 'remember'>, now = Date.now()): boolean {
    return row.expiresAt.getTime() <= now || row.lastActivity.getTime() + this.lifetimeMs(row.remember) <= now;
  }

  /** Starts an authenticated session under a brand-new id (session fixation is impossible). */
  async start(userId: number, remember: boolean, origin: SessionOrigin, manager?: EntityManager, payload: Record<string, unknown> = {}) {
    const id = newSessionId();
    const now = new Date();
    const row = (manager ?? this.sessions.manager).create(Session, {
      id: sha256Hex(id),
      publicId: randomAlnum(24),
      userId,
      remember,
      ipAddress: origin.ipAddress,
      userAgent: origin.userAgent?.slice(0, 500) ?? null,
      payload,
      lastActivity: now,
      expiresAt: new Date(now.getTime() + this.lifetimeMs(remember)),
    });
    await (manager ?? this.sessions.manager).insert(Session, row);
    return { id, record: toRecord(row) };
  }

  /** Sliding expiry, written at most once a minute and off the request path. */
  touch(record: SessionRecord): void {
    const now = Date.now();
    const interval = Math.min(TOUCH_INTERVAL_MS, this.lifetimeMs(record.remember) / 10);
    if (now - record.lastActivity.getTime() < interval) return;
    record.lastActivity = new Date(now);
    record.expiresAt = new Date(now + this.lifetimeMs(record.remember));
    this.sessions
      .update({ id: record.hash }, { lastActivity: record.lastActivity, expiresAt: record.expiresAt })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'session touch failed'));
  }

  async updatePayload(record: SessionRecord, patch: SessionPayload): Promise<void> {
    record.payload = { ...record.payload, ...patch };
    await this.sessions.update({ id: record.hash }, { payload: record.payload });
    this.bus.invalidate({ kind: 'session', key: record.hash });
  }

  async destroy(hash: string): Promise<void> {
    await this.sessions.delete({ id: hash });
    this.bus.invalidate({ kind: 'session', key: hash });
  }

  /** Ends every session of the user, optionally keeping one (the current device). */
  async destroyForUser(userId: number, exceptHash?: string, manager?: EntityManager): Promise<number> {
    const where = exceptHash ? { userId, id: Not(exceptHash) } : { userId };
    const result = await (manager ?? this.sessions.manager).delete(Session, where);
    // Inside a caller's transaction this is early; the trigger's notification follows at commit.
    this.bus.invalidate({ kind: 'user-sessions', key: userId });
    return result.affected ?? 0;
  }

  listForUser(userId: number): Promise<SessionRecord[]> {
    return this.sessions
      .find({ where: { userId }, order: { lastActivity: 'DESC' } })
      .then((rows) => rows.filter((row) => !this.isExpired(row)).map(toRecord));
  }

  /** Deletes every expired session (the sessions:prune command); returns how many. */
  async prune(): Promise<number> {
    const result = await this.sessions
      .createQueryBuilder()
      .delete()
      .from(Session)
      .where('expires_at <= now()')
      .orWhere('(NOT remember AND last_activity <= now() - make_interval(mins => :minutes))', {
        minutes: this.config.session.lifetimeMinutes,
      })
      .orWhere('(remember AND last_activity <= now() - make_interval(days => :days))', {
        days: this.config.session.rememberLifetimeDays,
      })
      .execute();
    return result.affected ?? 0;
  }
}

function toRecord(row: Session): SessionRecord {
  return {
    hash: row.id,
    publicId: row.publicId,
    userId: row.userId,
    remember: row.remember,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    payload: row.payload ?? {},
    lastActivity: row.lastActivity,
    expiresAt: row.expiresAt,
  };
}
