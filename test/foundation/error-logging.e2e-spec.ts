import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { LogCapture } from '../support/log-capture';
import { PROBE, PROBE_HASH, ProbeModule } from '../support/probe.module';

describe('5xx error logs', () => {
  const logs = new LogCapture();
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ env: { LOG_LEVEL: 'error' }, extraModules: [ProbeModule], logStream: logs })));
  afterAll(() => t.close());

  it('logs a failed query without its parameters, SQL or the row PostgreSQL echoes back', async () => {
    const res = await request(t.url).get(`${PROBE}/query-failure`);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Server Error.' });

    const failure = logs.records().find((record) => record.msg === 'request failed');
    expect(failure).toBeDefined();
    const err = failure!.err as Record<string, unknown>;
    // Still useful to an operator: what kind of failure, which constraint, which request.
    expect(err).toMatchObject({ type: 'QueryFailedError', sqlState: '23502', column: 'email', table: 'users' });
    expect(failure!.reqId).toBe(res.headers['x-request-id']);
    for (const field of ['parameters', 'query', 'detail', 'driverError']) expect(Object.keys(err)).not.toContain(field);
    expect(logs.raw).not.toContain(PROBE_HASH);
    expect(logs.raw).not.toContain('Failing row');
    expect(logs.raw).not.toContain('INSERT INTO');
  });
});
