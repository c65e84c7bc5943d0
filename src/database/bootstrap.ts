import type { AppConfig } from '../config/config.types';
import { EmbeddedDatabase, runningEmbeddedDatabaseUrl, startEmbeddedDatabase } from './embedded';
import { runGatehouseMigrations } from './run-migrations';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Embedded, and reached through the socket of the server that has it open. */
  shared: boolean;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PGlite under DATA_DIR (or, for a CLI run while the
 * server is up, the server's embedded socket).
 */
export async function openDatabase(config: AppConfig, options: { reuseRunning?: boolean } = {}): Promise<DatabaseHandle> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, shared: false, close: async () => undefined };
  const running = options.reuseRunning ? runningEmbeddedDatabaseUrl(config.dataDir) : null;
  if (running) return { url: running, embedded: true, shared: true, close: async () => undefined };
  const embedded: EmbeddedDatabase = await startEmbeddedDatabase(config.dataDir, config.dbPoolSize);
  return { url: embedded.url, embedded: true, shared: false, close: () => embedded.stop() };
}

/** Applies pending migrations with a short-lived connection; returns their names. */
export const migrateDatabase = (url: string): Promise<string[]> => runGatehouseMigrations(url);
