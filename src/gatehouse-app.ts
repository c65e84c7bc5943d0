import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { gatehouseFastifyOptions } from './common/fastify-options';
import { createLogger, PinoNestLogger } from './common/logger';
import { Env, loadConfig, readEnv } from './config/config';
import type { CliCommand } from './cli/command';
import { DatabaseHandle, openDatabase } from './database/bootstrap';
import { runGatehouseMigrations } from './database/run-migrations';
import type { GatehouseOptions } from './gatehouse.options';

/**
 * A host app as `serveGatehouseApp` and `runGatehouseCli` start it: what `npm start` and `npm run cli` do for the
 * standalone server (the embedded database when DATABASE_URL is unset, migrations before anything else, Gatehouse's
 * CLI commands on the same database), for the host's own root module.
 */
export interface GatehouseApp {
  /** The options for this environment; `env.DATABASE_URL` is already the real or the embedded database. */
  options(env: Env): GatehouseOptions;
  /** The host's root module, mounting `GatehouseModule.forRoot(options)`. */
  module(options: GatehouseOptions): Type<unknown> | DynamicModule;
  /** The host's own CLI commands (a demo seeder…), listed beside Gatehouse's. */
  commands?: readonly GatehouseCliCommand[];
}

/** A CLI command; `needs: 'app'` gives it the host's application context (`ctx.app.get(GatehouseUsers)`…). */
export type GatehouseCliCommand = CliCommand;
export type { CliContext as GatehouseCliContext } from './cli/command';
export { CliError as GatehouseCliError } from './cli/command';

/** The database, migrated (Gatehouse's migrations, then the host's), and the options that point at it. */
export async function prepareGatehouseApp(
  host: GatehouseApp,
  env: Env,
  reuseRunning = false,
): Promise<{ database: DatabaseHandle; options: GatehouseOptions; migrations: string[] }> {
  const database = await openDatabase(loadConfig(env), { reuseRunning });
  try {
    const options = host.options({ ...env, DATABASE_URL: database.url });
    const migrations = await runGatehouseMigrations(database.url, { migrations: options.database?.migrations });
    return { database, options: { ...options, databaseUrl: database.url, migrationsRun: false }, migrations };
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

export interface ServedGatehouseApp {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Opens the database, migrates, and listens on PORT/HOST; SIGTERM/SIGINT close the app, then the database
 * (`handleSignals: false` for a test that closes it itself).
 */
export async function serveGatehouseApp(host: GatehouseApp, env: Env = readEnv(), { handleSignals = true } = {}): Promise<ServedGatehouseApp> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const { database, options, migrations } = await prepareGatehouseApp(host, env);
  if (database.embedded) logger.warn({ dataDir: config.dataDir }, 'Using the embedded PGlite database: for development and demos only.');
  if (migrations.length > 0) logger.info({ migrations }, 'migrations applied');
  const adapter = new FastifyAdapter({ ...gatehouseFastifyOptions(options), loggerInstance: logger });
  const app = await NestFactory.create<NestFastifyApplication>(host.module(options), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  }).catch(async (error: unknown) => {
    await database.close().catch(() => undefined);
    throw error;
  });
  await app.listen({ port: config.port, host: config.host });
  const url = await app.getUrl();
  logger.info({ url }, `${options.appName} listening`);
  const close = async () => {
    await app.close();
    await database.close();
  };
  if (handleSignals) onSignals(close, logger);
  return { app, url, close };
}

function onSignals(close: () => Promise<void>, logger: ReturnType<typeof createLogger>): void {
  const onSignal = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}
