import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often pending sightings are written (one UPDATE for all of them). */
export const FLUSH_INTERVAL_MS = 2_000;
/**
 * A stored last_used_at newer than this is left alone. Together with the flush interval it
 * bounds the lag: 57 s + 2 s stays under the contract's "within one minute of the truth" (docs/http-contract.md §2.6), while a
 * busy token still costs at most about one write a minute.
 */
export const REFRESH_AFTER_MS = 57_000;
// Two bind parameters per row; PostgreSQL allows 65535 per statement.
const MAX_ROWS_PER_STATEMENT = 1_000;

export interface TokenSighting {
  id: number;
  lastUsedAt: Date | null;
}

/**
 * `last_used_at` without a write per request (laravel/sanctum#207, #574): a verified request
 * only notes "token X was used at T" in memory; a timer writes the notes every few seconds with
 * one `UPDATE … FROM (VALUES …)`. Tokens whose stored value is already recent are never queued,
 * and the statement re-checks that in SQL, so several instances do not write the same minute twice.
 */
@Injectable()
export class TokenUsageTracker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TokenUsageTracker.name);
  private readonly pending = new Map<number, Date>();
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<number> = Promise.resolve(0);
  private writing = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.start();
  }

  /** Shutdown: stop the timer and write what is still pending (the data source is still open). */
  async onModuleDestroy(): Promise<void> {
    this.stop();
    await this.flush();
  }

  /** Starts the periodic flush (idempotent). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // A slow database must not pile up flushes behind each other.
      // Fire and forget: a failed write is kept for retry inside; this catch logs what escapes it.
      if (!this.writing) void this.flush().catch((error: unknown) => this.logger.error({ err: error }, 'token last_used_at flush failed'));
    }, FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the periodic flush; sightings keep accumulating until flush() or start(). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Call only after the secret was verified and the token found valid. */
  record(token: TokenSighting, now: Date = new Date()): void {
    if (token.lastUsedAt && now.getTime() - token.lastUsedAt.getTime() < REFRESH_AFTER_MS) return;
    this.pending.set(token.id, now);
  }

  /** The stored value, or a newer sighting this process has not written yet. */
  lastUsedAt(token: TokenSighting): Date | null {
    const seen = this.pending.get(token.id);
    if (!seen) return token.lastUsedAt;
    return token.lastUsedAt && token.lastUsedAt > seen ? token.lastUsedAt : seen;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes everything pending; resolves to the number of rows updated. Flushes never overlap. */
  flush(): Promise<number> {
    const run = this.queue.then(() => this.writePending());
    this.queue = run;
    return run;
  }

  private async writePending(): Promise<number> {
    let written = 0;
    this.writing = true;
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending].slice(0, MAX_ROWS_PER_STATEMENT);
        for (const [id] of batch) this.pending.delete(id);
        const count = await this.write(batch).catch((error: unknown) => this.keepForRetry(batch, error));
        if (count === null) break;
        written += count;
      }
    } finally {
      this.writing = false;
    }
    return written;
  }

  private async write(batch: Array<[number, Date]>): Promise<number> {
    const rows = batch.map((_, i) => `($${2 * i + 1}::bigint, $${2 * i + 2}::timestamptz)`).join(', ');
    const sql = `UPDATE personal_access_tokens AS t SET last_used_at = v.used_at
      FROM (VALUES ${rows}) AS v(id, used_at)
      WHERE t.id = v.id AND (t.last_used_at IS NULL OR t.last_used_at <= v.used_at - interval '${REFRESH_AFTER_MS / 1000} seconds')`;
    const result: unknown = await this.dataSource.query(sql, batch.flat());
    // TypeORM's postgres driver answers an UPDATE with [rows, rowCount].
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  /** The database is unreachable: keep the sightings (newer ones win) for the next flush. */
  private keepForRetry(batch: Array<[number, Date]>, error: unknown): null {
    for (const [id, at] of batch) if (!this.pending.has(id)) this.pending.set(id, at);
    this.logger.warn({ err: error, tokens: batch.length }, 'could not write token last_used_at; will retry');
    return null;
  }
}
