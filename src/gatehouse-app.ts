import cluster from 'node:cluster';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { runPrimary, workerBindings, workerCount } from './cluster';
import { gatehouseFastifyOptions } from './common/fastify-options';
import { createLogger, PinoNestLogger } from './common/logger';
import { startThreadPoolLowered } from './common/thread-pool-priority';
import { Env, loadConfig, readEnv } from './config/config';
import type { CliCommand } from './cli/command';
import type { AppConfig } from './config/config.types';
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
 * (`handleSignals: false` for a test that closes it itself). With WEB_CONCURRENCY=N (N > 1, on PostgreSQL)
 * this process migrates, then forks N workers that each call serveGatehouseApp and share the port; in this
 * primary process the promise never settles (it supervises the workers until a signal stops them all).
 */
export async function serveGatehouseApp(host: GatehouseApp, env: Env = readEnv(), { handleSignals = true } = {}): Promise<ServedGatehouseApp> {
  // Before anything uses libuv's pool: its threads (bcrypt's) start at a lower priority (if it has not started yet).
  await startThreadPoolLowered();
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel).child(workerBindings());
  if (cluster.isWorker) return listen(host, await openWithOptions(host, env), config, logger, handleSignals);
  const prepared = await prepareGatehouseApp(host, env);
  const { database, migrations } = prepared;
  if (database.embedded) logger.warn({ dataDir: config.dataDir }, 'Using the embedded PGlite database: for development and demos only.');
  if (migrations.length > 0) logger.info({ migrations }, 'migrations applied');
  const workers = workerCount(config.webConcurrency, database.embedded, logger);
  if (workers === 1) return listen(host, prepared, config, logger, handleSignals);
  await database.close();
  runPrimary(workers, logger);
  return new Promise<never>(() => undefined);
}

/** A worker's database and options: the primary has migrated already. */
async function openWithOptions(host: GatehouseApp, env: Env): Promise<{ database: DatabaseHandle; options: GatehouseOptions }> {
  const database = await openDatabase(loadConfig(env));
  const options = host.options({ ...env, DATABASE_URL: database.url });
  return { database, options: { ...options, databaseUrl: database.url, migrationsRun: false } };
}

async function listen(
  host: GatehouseApp,
  { database, options }: { database: DatabaseHandle; options: GatehouseOptions },
  config: AppConfig,
  logger: Logger,
  handleSignals: boolean,
): Promise<ServedGatehouseApp> {
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

function onSignals(close: () => Promise<void>, logger: Logger): void {
  let closing = false;
  const onSignal = (signal: string) => {
    // A worker receives Ctrl-C twice (from the terminal and from its primary): the second is not a new request.
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    void close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  if (cluster.isWorker) process.once('disconnect', () => onSignal('disconnect'));
}
