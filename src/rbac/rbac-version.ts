import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessCache } from './access-cache';

/** Well under a second, so a change on one instance is effective on all within one. */
export const RBAC_POLL_INTERVAL_MS = 400;

/**
 * Tells the database triggers on the RBAC tables (migration CreateRbacVersionTriggers) that this
 * transaction bumps the version itself, or needs no bump: they bump it only for outside writers.
 */
export async function manageRbacVersion(manager: EntityManager): Promise<void> {
  await manager.query("SELECT set_config('gatehouse.rbac_version_managed', 'on', true)");
}

/**
 * Inside the transaction of every RBAC change; returns the new version. The row lock also orders
 * concurrent changes, so every smaller version has committed once this one has.
 */
export async function bumpRbacVersion(manager: EntityManager): Promise<number> {
  // An upsert, so a truncated table (test resets, a careless restore) cannot silently stop invalidation.
  const rows: Array<{ version: number | string }> = await manager.query(
    `INSERT INTO rbac_version (id, version) VALUES (1, 1)
     ON CONFLICT (id) DO UPDATE SET version = rbac_version.version + 1 RETURNING version`,
  );
  return Number(rows[0].version);
}

/**
 * Cross-instance invalidation: one shared poll of the single-row rbac_version per instance (not
 * per request), and the access cache is dropped whenever the version moved. A version counter
 * rather than LISTEN/NOTIFY: it cannot miss a message, and it works on the embedded database,
 * whose single backend makes LISTEN unreliable (and where the CLI writes through the socket).
 */
@Injectable()
export class RbacVersionWatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RbacVersionWatcher.name);
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private failing = false;
  /** The version the cached entries may be older than; null = unknown, so the next poll clears. */
  private known: number | null = null;
  private localChanges = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cache: AccessCache,
  ) {}

  /** Knowing the version before anything is cached spares the first poll a needless clear. */
  async onApplicationBootstrap(): Promise<void> {
    this.known = await this.readVersion().catch(() => null);
    // poll() handles its own failures; the catch is for what escapes it, never an unhandled rejection.
    this.timer = setInterval(() => {
      void this.poll().catch((error: unknown) => this.logger.error({ err: error }, 'rbac version poll crashed'));
    }, RBAC_POLL_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * An empty cache holds nothing stale, so an idle instance does not query at all; the version it
   * missed meanwhile only causes one harmless extra clear later.
   */
  async poll(): Promise<void> {
    if (this.polling || this.cache.size === 0) return;
    this.polling = true;
    try {
      const localChanges = this.localChanges;
      const version = await this.readVersion();
      // A local change that landed meanwhile already cleared the cache and moved `known`; this
      // read may predate it, and acting on it would only clear again. The next poll catches up.
      if (localChanges !== this.localChanges) return;
      if (version !== this.known) this.cache.clear();
      this.known = version;
      this.failing = false;
    } catch (error) {
      // Unable to tell whether anything changed: trust nothing cached.
      this.cache.clear();
      this.known = null;
      if (!this.failing) this.logger.warn({ err: error }, 'rbac version poll failed; access cache disabled until it recovers');
      this.failing = true;
    } finally {
      this.polling = false;
    }
  }

  /**
   * After this instance committed `version` and cleared its cache (so after every smaller version
   * committed too): nothing older is cached, and the poll need not clear again.
   */
  noteLocalChange(version: number): void {
    this.localChanges += 1;
    this.cache.clear();
    this.known = this.known === null ? version : Math.max(this.known, version);
  }

  private async readVersion(): Promise<number> {
    const rows: Array<{ version: number | string }> = await this.dataSource.query('SELECT version FROM rbac_version WHERE id = 1');
    return Number(rows[0]?.version ?? 0);
  }
}
