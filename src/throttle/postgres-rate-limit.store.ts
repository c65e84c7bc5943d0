import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sha256Hex } from '../common/crypto';
import { EMPTY_WINDOW, RateLimitState, RateLimitStore, secondsLeft } from './rate-limiter';

interface WindowRow {
  attempts: number;
  reset_in_ms: number;
}

const PRUNE_INTERVAL_MS = 60_000;

// One statement: concurrent upserts of a key serialise on its row, so every hit is counted once.
// Times come from the database clock, which all app instances share. In an UPDATE every SET
// expression sees the old row, so both CASEs test the same (old) reset_at.
const HIT_SQL = `
  INSERT INTO rate_limits AS r (key, attempts, reset_at)
  VALUES ($1, 1, now() + make_interval(secs => $2))
  ON CONFLICT (key) DO UPDATE SET
    attempts = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.attempts + 1 END,
    reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
  RETURNING attempts, (EXTRACT(EPOCH FROM reset_at - now()) * 1000)::float8 AS reset_in_ms`;

const ATTEMPTS_SQL = `
  SELECT attempts, (EXTRACT(EPOCH FROM reset_at - now()) * 1000)::float8 AS reset_in_ms
  FROM rate_limits WHERE key = $1 AND reset_at > now()`;

const CLEAR_SQL = 'DELETE FROM rate_limits WHERE key = $1';

const PRUNE_SQL = 'DELETE FROM rate_limits WHERE reset_at <= now()';

/** Default store (no Redis needed): the `rate_limits` table, keyed by sha256 of the limiter key. */
@Injectable()
export class PostgresRateLimitStore extends RateLimitStore {
  private readonly logger = new Logger(PostgresRateLimitStore.name);
  // Starts "just pruned": short-lived processes (CLI, tests) never pay for a prune.
  private lastPruneAt = Date.now();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, decaySeconds: number): Promise<RateLimitState> {
    this.pruneIfDue();
    const rows: WindowRow[] = await this.dataSource.query(HIT_SQL, [sha256Hex(key), decaySeconds]);
    return toState(rows[0]);
  }

  async attempts(key: string): Promise<RateLimitState> {
    const rows: WindowRow[] = await this.dataSource.query(ATTEMPTS_SQL, [sha256Hex(key)]);
    return rows.length > 0 ? toState(rows[0]) : EMPTY_WINDOW;
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(CLEAR_SQL, [sha256Hex(key)]);
  }

  /** Deletes expired windows; returns how many. An expired row means the same as no row. */
  async prune(): Promise<number> {
    // DELETE through dataSource.query resolves to [rows, affectedCount].
    const result: unknown = await this.dataSource.query(PRUNE_SQL);
    return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
  }

  /** Every key gets a row, so without this the table grows with every email and IP ever seen. */
  private pruneIfDue(): void {
    const now = Date.now();
    if (now - this.lastPruneAt < PRUNE_INTERVAL_MS) return;
    this.lastPruneAt = now;
    // In the background: a hit must not wait for housekeeping, and a failed prune is retried next interval.
    this.prune().catch((error: unknown) => this.logger.warn({ msg: 'pruning rate_limits failed', error: String(error) }));
  }
}

function toState(row: WindowRow): RateLimitState {
  return { attempts: row.attempts, resetInSeconds: secondsLeft(row.reset_in_ms) };
}
