import type { DestinationStream } from 'pino';

/** What LogBatch writes into (pino's sonic-boom destination, a test's stream). */
export interface BatchTarget {
  write(text: string): unknown;
  flush?(callback: (error?: Error) => void): void;
  flushSync?(): void;
}

/**
 * Log lines joined into one string per `bytes` (or every `flushMs`) before they reach the destination.
 * sonic-boom's write() measures the whole text it still holds on every call, which under load costs more
 * than formatting the line; handed ~4 KB at a time, it measures once per batch. Every line goes through
 * here, so lines keep their order. `flushSync` (and the process's exit) writes what is pending at once.
 */
export class LogBatch implements DestinationStream {
  private pending: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: BatchTarget,
    private readonly bytes: number,
    private readonly flushMs: number,
  ) {
    BATCHES.add(new WeakRef(this));
  }

  write(line: string): boolean {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= this.bytes) this.hand();
    else this.timer ??= setTimeout(() => this.hand(), this.flushMs).unref();
    return true;
  }

  /** pino's logger.flush(): pending lines to the destination, then the destination's own flush. */
  flush(callback: (error?: Error) => void = () => {}): void {
    this.hand();
    if (this.target.flush) this.target.flush(callback);
    else callback();
  }

  /** Pending lines to the destination, then the destination's own buffer to its file, synchronously. */
  flushSync(): void {
    this.hand();
    this.target.flushSync?.();
  }

  private hand(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? this.pending[0] : this.pending.join('');
    this.pending = [];
    this.size = 0;
    this.target.write(text);
  }
}

// One exit listener for every batch: a process exit (a clean shutdown, an uncaught error) still writes what is
// pending. Weak: a logger no one holds any more is not kept alive for it.
const BATCHES = new Set<WeakRef<LogBatch>>();

/** What the process does at exit: every live batch's pending lines, written synchronously. */
export function flushEveryBatch(): void {
  for (const batch of BATCHES) {
    try {
      batch.deref()?.flushSync();
    } catch {
      // A destination that cannot write any more (closed stdout): nothing left to do at exit.
    }
  }
}
process.once('exit', flushEveryBatch);
