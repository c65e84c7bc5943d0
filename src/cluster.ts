import cluster, { Worker } from 'node:cluster';
import type { Logger } from 'pino';

/**
 * WEB_CONCURRENCY workers, except on the embedded database: PGlite lives inside one process, which
 * cannot be shared with workers (nor can it deliver the notifications every worker's caches rely on).
 */
export function workerCount(requested: number, embedded: boolean, logger: Logger): number {
  if (requested <= 1 || !cluster.isPrimary) return 1;
  if (embedded) {
    logger.warn({ requested }, 'WEB_CONCURRENCY ignored: the embedded database runs in one process; starting 1 worker. Set DATABASE_URL to run several.');
    return 1;
  }
  return requested;
}

/** The worker's number, for its log lines; none when the server runs in-process. */
export const workerBindings = (): Record<string, number> => (cluster.isWorker && cluster.worker ? { worker: cluster.worker.id } : {});

/**
 * The primary of a clustered server: forks `count` workers sharing the port (each with its own caches and
 * its own LISTEN connection), replaces a worker that dies after it started listening, and on SIGTERM/SIGINT
 * passes the signal to every worker (each closes gracefully) and exits once all of them have. A worker
 * that dies before listening stops the whole server: a start-up failure would only repeat.
 */
export function runPrimary(count: number, logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  let stopping = false;
  let failed = false;
  const listening = new WeakSet<Worker>();
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  cluster.on('listening', (worker) => listening.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping && listening.has(worker)) {
      logger.error({ worker: worker.id, code, signal }, 'worker died; starting another');
      cluster.fork();
      return;
    }
    if (!stopping) {
      logger.error({ worker: worker.id, code, signal }, 'worker failed to start; stopping the server');
      stopAll('SIGTERM');
    }
    failed ||= code !== 0;
    if (Object.keys(cluster.workers ?? {}).length === 0) exit(failed ? 1 : 0);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal, workers: count }, 'shutting down');
      stopAll(signal);
    });
  }
  for (let i = 0; i < count; i += 1) cluster.fork();
  logger.info({ workers: count }, 'started workers');
}
