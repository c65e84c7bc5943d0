import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { LogBatch } from './log-batch';

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

/** Lines reach stdout at most this long after they are logged. */
export const LOG_FLUSH_MS = 250;

/**
 * stdout, written asynchronously and in batches of 4 KB or every LOG_FLUSH_MS, whichever comes first: under
 * load one write per access line would cost more than the line itself. What is left is written when the
 * process exits (a clean shutdown, an uncaught error); a SIGKILL loses at most the last LOG_FLUSH_MS.
 */
function stdout(): DestinationStream {
  return new LogBatch(pino.destination({ dest: 1, sync: false, minLength: 0 }), 4096, LOG_FLUSH_MS);
}

/** `destination` defaults to stdout (see above); tests pass a stream to read what was written. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { app: 'gatehouse' },
    serializers: { err: serializeError, error: serializeError },
  };
  const logger = pino(options, destination ?? stdout());
  OWN_LOGGERS.add(logger);
  return logger;
}

/** Loggers made by createLogger (pino's defaults for levels, time and message key): their children too. */
const OWN_LOGGERS = new WeakSet<object>();
const isOwn = (logger: object): boolean => {
  // A pino child is an object whose prototype is its parent.
  for (let at: object | null = logger; at; at = Object.getPrototypeOf(at) as object | null) if (OWN_LOGGERS.has(at)) return true;
  return false;
};

/** The fields of an access-log line: fixed, none of them a secret. */
export interface AccessLine {
  reqId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
}

/**
 * Writes access-log lines. On a logger of createLogger, the line is formatted here (the same JSON
 * pino writes: level, time, the logger's bindings, the fields, msg) and handed to its destination:
 * pino's general path (serializers, a redaction pass per field, a child per request) costs several
 * times the line. Any other logger (a host app's) gets the line through a child without redaction.
 */
export function accessLineWriter(logger: Logger): (line: AccessLine) => void {
  if (!isOwn(logger)) {
    const plain = logger.child({}, { redact: { paths: [] } });
    return (line) => plain.info(line, 'request completed');
  }
  const bindings = (logger as unknown as Record<symbol, string>)[pino.symbols.chindingsSym];
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
  const info = pino.levels.values.info;
  return (line) => {
    if (!logger.isLevelEnabled('info')) return;
    stream.write(
      `{"level":${info},"time":${Date.now()}${bindings},"reqId":${JSON.stringify(line.reqId)},"method":${JSON.stringify(line.method)},` +
        `"path":${JSON.stringify(line.path)},"status":${line.status},"ms":${line.ms},"msg":"request completed"}\n`,
    );
  };
}

type Level = 'info' | 'error' | 'warn' | 'debug' | 'trace';

/**
 * Routes Nest's log calls into the same pino instance. A Nest `Logger` appends its context as the
 * last argument, so `logger.warn({ err }, 'text')` arrives as (object, 'text', context): the string
 * in between is the message (for a string message at error level, Nest's stack).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    const last = params.length > 0 ? params[params.length - 1] : undefined;
    const context = typeof last === 'string' ? last : undefined;
    const between = params.slice(0, -1).find((param): param is string => typeof param === 'string');
    if (typeof message === 'object' && message !== null) {
      const { msg, ...rest } = message as Record<string, unknown> & { msg?: string };
      this.logger[level]({ context, ...rest }, typeof msg === 'string' ? msg : between);
    } else {
      this.logger[level]({ context, ...(between ? { stack: between } : {}) }, String(message));
    }
  }
}
