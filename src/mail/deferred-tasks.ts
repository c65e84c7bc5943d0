import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/**
 * Work that must neither delay nor shape the HTTP response that caused it (sending mail,
 * creating a reset token for an address that may not exist): it starts after the current
 * request has been answered, its failures are logged, and shutdown waits for it to finish.
 */
@Injectable()
export class DeferredTasks implements BeforeApplicationShutdown {
  private readonly logger = new Logger('DeferredTasks');
  private readonly pending = new Set<Promise<void>>();

  run(label: string, task: () => Promise<void>): void {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch((error: unknown) => this.logger.error({ err: error, task: label, msg: 'deferred task failed' }))
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** Resolves once every task started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Before the database closes: a queued mail still gets its token row and its send attempt. */
  beforeApplicationShutdown(): Promise<void> {
    return this.idle();
  }
}
