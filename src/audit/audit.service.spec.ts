import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Repository } from 'typeorm';
import type { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { requestFacts } from '../common/request-facts';

/** A repository whose manager refuses every insert, as PostgreSQL does for a value too long for its column. */
function failingRepository(error: Error): Repository<AuditEvent> {
  return { manager: { insert: () => Promise.reject(error) } } as unknown as Repository<AuditEvent>;
}

describe('AuditService when the insert fails', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs the failure at error level with the event name and never the request secrets', async () => {
    const errorLog = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = Object.assign(new Error('value too long for type character varying(45)'), { code: '22001' });
    const service = new AuditService(failingRepository(failure));
    const request = {
      ip: '127.0.0.1',
      headers: { 'user-agent': 'jest', cookie: 'gatehouse_session=secret-session-id', authorization: 'Bearer 1|secret-token' },
      auth: null,
    } as unknown as FastifyRequest;

    await expect(service.record('login.failed', { facts: requestFacts(request), metadata: { email: 'a@example.com', password: 'hunter2' } })).resolves.toBeUndefined();

    expect(errorLog).toHaveBeenCalledTimes(1);
    const [entry] = errorLog.mock.calls[0] as [Record<string, unknown>];
    expect(entry).toMatchObject({ msg: 'audit write failed', event: 'login.failed', code: '22001', error: failure.message });
    const logged = JSON.stringify(errorLog.mock.calls);
    for (const secret of ['secret-session-id', 'secret-token', 'hunter2']) expect(logged).not.toContain(secret);
  });

  it('still throws inside a caller transaction, so the change rolls back with its audit row', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = new Error('boom');
    const service = new AuditService(failingRepository(new Error('unused')));
    const manager = { insert: () => Promise.reject(failure) };
    await expect(service.record('user.deleted', { manager: manager as never })).rejects.toBe(failure);
  });
});
