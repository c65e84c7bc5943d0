import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { accessLineWriter, createLogger, PinoNestLogger } from './logger';
import { lazyChildLogger } from './request-logger';

/** The logger's real output, one parsed record per line. */
function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  const records = () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger: createLogger('info', stream), records, raw: () => text };
}

describe('error serialization', () => {
  it('drops query parameters, SQL and driver detail at any depth, keeps the SQLSTATE', () => {
    const { logger, records, raw } = capture();
    const driverError = Object.assign(new Error('null value in column "email"'), { code: '23502', detail: 'Failing row contains (secret-hash)' });
    const error = Object.assign(new Error('null value in column "email"'), {
      code: '23502',
      query: 'INSERT INTO users …',
      parameters: ['secret-hash'],
      detail: 'Failing row contains (secret-hash)',
      driverError,
      nested: { parameters: ['secret-hash'] },
    });
    logger.error({ err: error }, 'request failed');
    expect(raw()).not.toContain('secret-hash');
    expect(raw()).not.toContain('INSERT INTO');
    expect(records()[0].err).toMatchObject({ type: 'Error', message: 'null value in column "email"', sqlState: '23502', nested: {} });
  });
});

describe('PinoNestLogger', () => {
  it('keeps the message of Nest-style calls (object first, message second) and the logger’s context', () => {
    const { logger, records } = capture();
    Logger.overrideLogger(new PinoNestLogger(logger));
    const nest = new Logger('SomeService');
    nest.warn({ tokens: 3 }, 'could not write');
    nest.error({ event: 'x' }, 'audit write failed');
    nest.log('plain message');
    expect(records()).toEqual([
      expect.objectContaining({ level: 40, msg: 'could not write', context: 'SomeService', tokens: 3 }),
      expect.objectContaining({ level: 50, msg: 'audit write failed', context: 'SomeService', event: 'x' }),
      expect.objectContaining({ level: 30, msg: 'plain message', context: 'SomeService' }),
    ]);
  });
});

describe('access-log lines', () => {
  const line = { reqId: 'abc-1', method: 'GET', path: '/api/user', status: 200, ms: 3 };

  it('writes, on a createLogger logger and its children, the record pino itself would write (formatted by hand)', () => {
    const { logger, records } = capture();
    const worker = logger.child({ worker: 2 });
    const child = jest.spyOn(worker, 'child');
    accessLineWriter(worker)(line);
    expect(child).not.toHaveBeenCalled(); // the hand-formatted path, not the fallback through a child
    worker.info(line, 'request completed');
    const [fast, viaPino] = records();
    expect(typeof fast.time).toBe('number');
    expect({ ...fast, time: 0 }).toEqual({ ...viaPino, time: 0 });
    expect(fast).toEqual({ level: 30, time: fast.time, app: 'gatehouse', worker: 2, ...line, msg: 'request completed' });
  });

  it('escapes what the client chose (an unknown path) and keeps the level: nothing below info is written at warn', () => {
    const { logger, records, raw } = capture();
    accessLineWriter(logger)({ ...line, path: '/no/"such"\n\u2028route' });
    expect(records()[0].path).toBe('/no/"such"\n\u2028route');
    const quiet = capture();
    quiet.logger.level = 'warn';
    accessLineWriter(quiet.logger)(line);
    expect(quiet.raw()).toBe('');
    expect(raw().split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('goes through pino (without redaction) for a logger the host made', () => {
    let text = '';
    const stream = new Writable({ write: (chunk: Buffer, _e, done) => ((text += chunk.toString()), done()) });
    accessLineWriter(pino({ base: { host: 'app' } }, stream))(line);
    expect(JSON.parse(text)).toMatchObject({ level: 30, host: 'app', ...line, msg: 'request completed' });
  });
});

describe('the request logger (Fastify childLoggerFactory)', () => {
  it('makes the child (reqId, redaction) only when something logs, and then logs through it', () => {
    const { logger, records, raw } = capture();
    const child = jest.spyOn(logger, 'child');
    const requestLog = lazyChildLogger(logger, { reqId: 'r-1' }, {});
    expect(child).not.toHaveBeenCalled();
    expect(requestLog.level).toBe('info');
    requestLog.error({ headers: { authorization: 'Bearer secret-token' } }, 'request failed');
    requestLog.warn('second');
    expect(child).toHaveBeenCalledTimes(1);
    expect(records()).toEqual([
      expect.objectContaining({ level: 50, reqId: 'r-1', msg: 'request failed', headers: { authorization: '[redacted]' } }),
      expect.objectContaining({ level: 40, reqId: 'r-1', msg: 'second' }),
    ]);
    expect(raw()).not.toContain('secret-token');
  });
});
