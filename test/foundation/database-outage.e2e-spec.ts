import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { PROBE, ProbeModule } from '../support/probe.module';
import { TcpProxy } from '../support/tcp-proxy';

/** Polls until `check` passes or the deadline is reached (recovery must happen without a restart). */
async function eventually(check: () => Promise<void>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('database outage', () => {
  let database: { url: string; drop(): Promise<void> };
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const proxied = await TcpProxy.forUrl(database.url);
    proxy = proxied.proxy;
    t = await startApp({ databaseUrl: proxied.url, extraModules: [ProbeModule] });
  });
  afterAll(async () => {
    await proxy.restore(); // in case the test failed while the database was cut
    await t.close();
    await proxy.cut();
    await database.drop();
  });

  it('answers 503 while PostgreSQL is unreachable and recovers by itself when it is back', async () => {
    await request(t.url).get('/health').expect(200, { status: 'ok', database: 'up' });
    await request(t.url).get(`${PROBE}/db`).expect(200, { one: 1 });

    await proxy.cut();

    const health = await request(t.url).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'error', database: 'down' });
    expect(health.headers['x-request-id']).toBeTruthy();

    // Several in a row: the pool keeps failing fast, each time as 503, never as a 500 with internals.
    for (let i = 0; i < 3; i++) {
      const res = await request(t.url).get(`${PROBE}/db`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ message: 'Service Unavailable.' });
      expect(res.headers['x-request-id']).toBeTruthy();
    }

    await proxy.restore();

    await eventually(async () => {
      await request(t.url).get('/health').expect(200, { status: 'ok', database: 'up' });
    });
    await request(t.url).get(`${PROBE}/db`).expect(200, { one: 1 });
  });
});
