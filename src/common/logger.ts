import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';

// Never log a password, token, code, secret or cookie (fields at any depth up to 3 levels).
const SECRET_FIELDS = ['password', 'password_confirmation', 'current_password', 'token', 'code', 'recovery_code', 'secret', 'challenge_token', '_token'];
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-xsrf-token"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/**
 * Driver fields that carry the values of a query: TypeORM's QueryFailedError copies the SQL and its
 * `parameters` (a fresh bcrypt hash, a token hash) onto itself, and PostgreSQL's `detail` echoes the
 * failing row or key ("Failing row contains (…)"). They are dropped at any depth before a line is written.
 */
const QUERY_VALUE_FIELDS = new Set(['parameters', 'query', 'detail', 'where', 'internalQuery', 'driverError']);

function withoutQueryValues(value: unknown, depth = 0): unknown {
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutQueryValues(item, depth + 1));
  const kept: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!QUERY_VALUE_FIELDS.has(key)) kept[key] = withoutQueryValues(field, depth + 1);
  }
  return kept;
}

/** pino's error serializer, minus query values; a SQLSTATE survives as `sqlState` (`code` is redacted). */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return withoutQueryValues(error);
  const serialized = withoutQueryValues(pino.stdSerializers.err(error)) as Record<string, unknown>;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) serialized.sqlState = code;
  return serialized;
}

/** `destination` defaults to stdout; tests pass a stream to read what was really written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { app: 'gatehouse' },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Routes Nest's own log calls into the same pino instance. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string) {
    this.write('error', message, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) {
      const { msg, ...rest } = message as Record<string, unknown> & { msg?: string };
      this.logger[level]({ context, ...rest }, typeof msg === 'string' ? msg : undefined);
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
