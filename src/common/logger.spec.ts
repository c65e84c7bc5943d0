import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { createLogger, PinoNestLogger } from './logger';

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
