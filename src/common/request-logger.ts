import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type LogMethod = 'info' | 'error' | 'debug' | 'fatal' | 'warn' | 'trace';

/**
 * `request.log`, made on first use. Fastify makes a child logger for every request, and a pino child
 * runs its bindings through the redaction of the parent; most requests never log anything but the
 * access line (written by the onResponse hook), so they never pay for it. A request that does log
 * (a 5xx, a warning) gets the real child, with `reqId`, exactly as before.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }
  set level(level: string) {
    this.logger.level = level;
  }

  // Prototype methods, not per-instance closures: one of these is made for every request.
  info(...args: unknown[]): void {
    this.call('info', args);
  }
  error(...args: unknown[]): void {
    this.call('error', args);
  }
  debug(...args: unknown[]): void {
    this.call('debug', args);
  }
  fatal(...args: unknown[]): void {
    this.call('fatal', args);
  }
  warn(...args: unknown[]): void {
    this.call('warn', args);
  }
  trace(...args: unknown[]): void {
    this.call('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }

  private call(method: LogMethod, args: unknown[]): void {
    (this.logger[method] as (...a: unknown[]) => void)(...args);
  }
}

/** Fastify's `childLoggerFactory` option: the request's logger, made when something logs. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
