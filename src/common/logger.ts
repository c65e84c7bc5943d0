import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'gatehouse' } });
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
