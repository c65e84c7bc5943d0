import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { SessionsService } from '../sessions/sessions.service';
import { RateLimitStore } from '../throttle/rate-limiter';
import { TokensService } from '../tokens/tokens.service';
import { PendingLoginsService } from '../two-factor/pending-logins.service';
import { PasskeyChallenges } from '../passkeys/passkey-challenges';

/** pg_try_advisory_lock key: one pass at a time across every instance sharing the database. */
export const PRUNE_LOCK_KEY = 0x67_68_70_72; // "ghpr"
// Soon after start (not at once: a fleet restarting together should not prune in the same second).
const FIRST_RUN_DELAY_MS = 60_000;
const AUDIT_BATCH_SIZE = 5000;
// As `tokens:prune` and Sanctum's sanctum:prune-expired: keep a day of expired rows for support.
const TOKEN_GRACE_HOURS = 24;

export interface PruneCounts {
  sessions: number;
  tokens: number;
  pendingLogins: number;
  passkeyChallenges: number;
  rateLimits: number;
  auditEvents: number;
}

/**
 * Laravel leaves garbage collection to the scheduler; here the server runs it itself every
 * PRUNE_INTERVAL_MINUTES: expired sessions, tokens, pending logins, rate-limit windows, and audit
 * events past AUDIT_RETENTION_DAYS. Each owner's own prune does the deleting.
 */
@Injectable()
export class Pruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Pruner.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly tokens: TokensService,
    private readonly pendingLogins: PendingLoginsService,
    private readonly passkeyChallenges: PasskeyChallenges,
    private readonly rateLimits: RateLimitStore,
    private readonly audit: AuditService,
  ) {}

  private get intervalMs(): number {
    return this.config.prune.intervalMinutes * 60_000;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.schedule(Math.min(FIRST_RUN_DELAY_MS, this.intervalMs));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // Let a pass in flight finish before the pool closes under it.
    await this.running?.catch(() => undefined);
  }

  /** The timer's pass: never throws, whatever the database is doing. */
  async runScheduled(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.warn({ msg: 'pruning failed; retried at the next interval', err: error });
    }
  }

  /** One pass; null when another instance holds the lock (it is doing the same work). */
  async runOnce(options: { batchSize?: number } = {}): Promise<PruneCounts | null> {
    const pass = this.lockedPass(options.batchSize ?? AUDIT_BATCH_SIZE);
    this.running = pass;
    try {
      return await pass;
    } finally {
      if (this.running === pass) this.running = null;
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      // runScheduled() logs its own failures; the catch is for what escapes it, never an unhandled rejection.
      void this.runScheduled()
        .then(() => {
          if (!this.stopped) this.schedule(this.intervalMs);
        })
        .catch((error: unknown) => this.logger.error({ msg: 'pruning scheduler failed', err: error }));
    }, delayMs);
    // Housekeeping never keeps a process (a CLI command, a test run) alive.
    this.timer.unref();
  }

  private async lockedPass(batchSize: number): Promise<PruneCounts | null> {
    // A session-level advisory lock lives on one connection; a dedicated one, outside the pool, so
    // holding it never starves the deletes (DB_POOL_SIZE may be 1).
    const lock = new Client({ connectionString: this.databaseUrl, application_name: 'gatehouse-pruner', connectionTimeoutMillis: 5000 });
    lock.on('error', () => undefined);
    await lock.connect();
    try {
      const { rows } = await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PRUNE_LOCK_KEY]);
      if (!rows[0].locked) return null;
      return await this.pruneAll(batchSize);
    } finally {
      // Closing the session releases the lock, even if the database went away mid-pass.
      await lock.end().catch(() => undefined);
    }
  }

  private get databaseUrl(): string {
    return (this.dataSource.options as { url: string }).url;
  }

  private async pruneAll(batchSize: number): Promise<PruneCounts> {
    const tokens = await this.tokens.prune(TOKEN_GRACE_HOURS);
    const retention = this.config.prune.auditRetentionDays;
    const counts: PruneCounts = {
      sessions: await this.sessions.prune(),
      tokens: tokens.byExpiresAt + (tokens.byExpiration ?? 0),
      pendingLogins: await this.pendingLogins.pruneExpired(),
      passkeyChallenges: await this.passkeyChallenges.pruneExpired(),
      rateLimits: await this.rateLimits.prune(),
      auditEvents: retention > 0 ? await this.audit.prune(retention, batchSize) : 0,
    };
    this.logger.log({ msg: 'pruned expired rows', ...counts });
    return counts;
  }
}
