import 'reflect-metadata';
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { createApp } from './app.setup';
import { runPrimary, workerBindings, workerCount } from './cluster';
import { createLogger } from './common/logger';
import { startThreadPoolLowered } from './common/thread-pool-priority';
import { loadConfig, readEnv } from './config/config';
import type { AppConfig } from './config/config.types';
import { DatabaseHandle, openDatabase } from './database/bootstrap';
import { withProjectDataDir } from './database/data-dir';
import { ConfigError, runGatehouseMigrations } from './index';

// The server is GatehouseModule.forRoot(the environment's options) (createApp → AppModule), plus what
// a library leaves to its host: the embedded database when DATABASE_URL is unset, migrations before
// listening, signals, and WEB_CONCURRENCY workers (migrations run once, in the primary, before forking).

async function main() {
  // First, before anything uses libuv's pool: its threads (bcrypt's) start at a lower priority.
  await startThreadPoolLowered();
  const config = loadConfig(withProjectDataDir(readEnv()));
  const logger = createLogger(config.logLevel).child(workerBindings());
  if (cluster.isWorker) return serve(config, logger, await openDatabase(config));
  const database = await openDatabase(config);
  if (database.embedded) {
    logger.warn(
      { dataDir: config.dataDir },
      'Using the embedded PGlite database: for development and demos only, not for production. Set DATABASE_URL to use PostgreSQL.',
    );
  }
  const applied = await runGatehouseMigrations(database.url);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
  const workers = workerCount(config.webConcurrency, database.embedded, logger);
  if (workers === 1) return serve(config, logger, database);
  await database.close();
  runPrimary(workers, logger);
}

async function serve(config: AppConfig, logger: Logger, database: DatabaseHandle) {
  const app = await createApp(config, database.url, logger);
  await app.listen({ port: config.port, host: config.host });
  logger.info({ url: await app.getUrl() }, `${config.appName} listening`);
  // Our own handler rather than Nest's enableShutdownHooks(): Nest re-raises the signal once the app is
  // closed, which would kill the process before the embedded database is closed (and exit 143, not 0).
  let closing = false;
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  // A failed close must still end the process, with a logged error rather than an unhandled rejection.
  // A second signal is ignored: a worker receives Ctrl-C from the terminal and from the primary.
  const onSignal = (signal: string) => {
    if (closing) return;
    closing = true;
    void shutdown(signal).catch((error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  // A worker whose primary is gone (killed outright) would otherwise keep serving on its own.
  if (cluster.isWorker) process.once('disconnect', () => onSignal('disconnect'));
}

main().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: print them plainly, without a stack.
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `Start-up failed: ${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
