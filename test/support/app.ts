import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { createApp, ExtraModules } from '../../src/app.setup';
import { createLogger } from '../../src/common/logger';
import { Env, loadConfig } from '../../src/config/config';
import type { AppConfig } from '../../src/config/config.types';
import { createTestDatabase } from './database';

export const TEST_APP_KEY = 'base64:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=';

export interface TestApp {
  app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:40123 — a real listening server, for supertest, axios or a browser. */
  url: string;
  config: AppConfig;
  databaseUrl: string;
  /** Direct SQL access for assertions (never used by the app itself). */
  db: Pool;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Env;
  /** Reuse another instance's database (two app instances sharing one PostgreSQL). */
  databaseUrl?: string;
  /** Test-only modules mounted beside AppModule (e.g. ProbeModule). */
  extraModules?: ExtraModules;
  /** Adjusts the loaded configuration before boot, as a host does (e.g. adding rateLimiters). */
  configure?: (config: AppConfig) => void;
  /** Receives the app's real pino output (one JSON line per record), e.g. to assert what is logged. */
  logStream?: Writable;
}

const BASE_ENV: Env = {
  NODE_ENV: 'test',
  APP_KEY: TEST_APP_KEY,
  APP_URL: 'http://localhost:3000',
  BCRYPT_ROUNDS: '4',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  DB_POOL_SIZE: '5',
  // Tests prune through Pruner.runOnce(); a timer firing mid-file would delete rows a test set up.
  PRUNE_INTERVAL_MINUTES: '0',
};

/** Boots the real application (AppModule, Fastify, global guards and filters) on a fresh database. */
export async function startApp(options: StartOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl ? null : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? database!.url;
  let app: NestFastifyApplication;
  let config: AppConfig;
  try {
    // As in production: DATABASE_URL names a real server (which turns the credential caches and their
    // LISTEN connection on); on the embedded fallback it stays unset, as `npm start` leaves it.
    const serverUrl = process.env.GATEHOUSE_TEST_DB_MODE === 'server' ? { DATABASE_URL: databaseUrl } : {};
    config = loadConfig({ ...BASE_ENV, ...serverUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'gh-data-')), ...options.env });
    options.configure?.(config);
    app = await createApp(config, databaseUrl, createLogger(config.logLevel, options.logStream), options.extraModules);
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    // A test expecting start-up to fail must not leave its database behind.
    await database?.drop();
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const db = new Pool({ connectionString: databaseUrl, max: 2 });
  // pool.end() resolves before its sockets close; the DROP DATABASE … WITH (FORCE) in close() can then
  // terminate a still-closing client, and an 'error' with no listener would crash the test file.
  db.on('error', () => undefined);
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    databaseUrl,
    db,
    async close() {
      await app.close();
      await db.end();
      await database?.drop();
    },
  };
}
