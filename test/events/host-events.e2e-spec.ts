import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { LogCapture } from '../support/log-capture';
import { spaClient, spaLogin } from '../support/spa-client';
import { DecoratedHostListener, FailingHostListener, HostListenersModule, ProgrammaticHostListener } from './host-listeners.module';

jest.setTimeout(30_000);

const UA = 'HostEventsTest/1.0';

describe('Gatehouse events seen by a host module', () => {
  let t: TestApp;
  const logs = new LogCapture();
  let decorated: DecoratedHostListener;
  let programmatic: ProgrammaticHostListener;
  let failing: FailingHostListener;

  beforeAll(async () => {
    t = await startApp({ extraModules: [HostListenersModule], env: { LOG_LEVEL: 'error' }, logStream: logs });
    decorated = t.app.get(DecoratedHostListener);
    programmatic = t.app.get(ProgrammaticHostListener);
    failing = t.app.get(FailingHostListener);
    programmatic.tokenExists = async (id) =>
      ((await t.db.query('SELECT 1 FROM personal_access_tokens WHERE id = $1', [id])).rowCount ?? 0) > 0;
  });
  afterAll(() => t.close());
  beforeEach(() => {
    decorated.received.length = 0;
    programmatic.received.length = 0;
    failing.calls = [];
  });

  it('sends login.succeeded with plain facts after a real SPA login, despite failing listeners', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    spa.http.defaults.headers.common['User-Agent'] = UA;
    await spa.http.get('/sanctum/csrf-cookie');

    const login = await spa.http.post('/login', { email: user.email, password: user.plainPassword, remember: true });

    // Both failing listeners ran and failed, yet the login answered normally and the session works.
    expect(login.status).toBe(200);
    expect(failing.calls.sort()).toEqual(['login.succeeded', 'login.succeeded']);
    expect((await spa.http.get('/api/user')).data.id).toBe(user.id);
    expect(decorated.received).toEqual([
      {
        name: 'login.succeeded',
        userId: user.id,
        ip: '127.0.0.1',
        userAgent: UA,
        metadata: { via: 'session', remember: true },
        occurredAt: expect.any(Date),
      },
    ]);
    // The payload is facts only: no request, no entity (so no password hash).
    expect(JSON.stringify(decorated.received)).not.toContain('$2');
    // The failures were logged (name and message only), the audit row was still written.
    const failures = logs.records().filter((line) => line.msg === 'gatehouse event listener failed');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'login.succeeded', error: 'host listener exploded' }),
        expect.objectContaining({ event: 'login.succeeded', error: 'host listener rejected' }),
      ]),
    );
    const audit = await t.db.query("SELECT user_id, metadata FROM audit_events WHERE event = 'login.succeeded' AND user_id = $1", [user.id]);
    expect(audit.rows).toEqual([{ user_id: user.id, metadata: { via: 'session', remember: true } }]);
  });

  it('sends token.created after the token exists, to a listener subscribed with events.on()', async () => {
    const user = await createUser(t.app);
    const res = await request(t.url).post('/api/login').set('User-Agent', UA).send({ email: user.email, password: user.plainPassword, device_name: 'pixel' });
    expect(res.status).toBe(201);
    const tokenId = Number(String(res.body.token).split('|')[0]);

    expect(programmatic.received).toEqual([
      {
        event: {
          name: 'token.created',
          userId: user.id,
          ip: '127.0.0.1',
          userAgent: UA,
          metadata: { token_id: tokenId, name: 'pixel', abilities: ['*'], expires_at: null, via: 'login', parent_token_id: null },
          occurredAt: expect.any(Date),
        },
        tokenRowExisted: true,
      },
    ]);
    // A token login is also a login; the rejecting token.created listener did not stop either event.
    expect(decorated.received.map((event) => [event.name, event.metadata])).toEqual([['login.succeeded', { via: 'token', token_id: tokenId }]]);
    expect(failing.calls.sort()).toEqual(['login.succeeded', 'login.succeeded', 'token.created']);
  });

  it('sends login.failed for a wrong password and logout with the user id', async () => {
    const user = await createUser(t.app);
    const spa = spaClient(t.url);
    await spa.http.get('/sanctum/csrf-cookie');
    expect((await spa.http.post('/login', { email: user.email.toUpperCase(), password: 'not-the-password' })).status).toBe(422);
    expect((await spa.http.post('/login', { email: user.email, password: user.plainPassword })).status).toBe(200);
    expect((await spa.http.post('/logout')).status).toBe(204);

    const seen = decorated.received.map((event) => [event.name, event.userId, event.metadata]);
    expect(seen).toEqual([
      ['login.failed', user.id, { email: user.email.toLowerCase() }],
      ['login.succeeded', user.id, { via: 'session', remember: false }],
      ['logout', user.id, { via: 'session' }],
    ]);
  });

  it('sends events the audit trail records inside a transaction only once it committed, and audits them once', async () => {
    const user = await createUser(t.app);
    const spa = await spaLogin(t.url, user.email, user.plainPassword);
    decorated.received.length = 0;
    const wrong = await spa.http.put('/user/password', { current_password: 'wrong-password', password: 'changed-password', password_confirmation: 'changed-password' });
    expect(wrong.status).toBe(422);
    expect(decorated.received).toEqual([]);

    const changed = await spa.http.put('/user/password', {
      current_password: user.plainPassword, password: 'changed-password', password_confirmation: 'changed-password',
    });
    expect(changed.status).toBe(200);
    expect((await spa.http.delete('/user', { data: { password: 'changed-password' } })).status).toBe(204);

    expect(decorated.received.map((event) => [event.name, event.userId, event.metadata])).toEqual([
      ['password.changed', user.id, { other_sessions_ended: 0 }],
      ['user.deleted', user.id, { email: user.email }],
      ['logout', user.id, { via: 'session' }],
    ]);
    const audit = await t.db.query("SELECT event FROM audit_events WHERE user_id = $1 AND event IN ('password.changed', 'user.deleted') ORDER BY id", [user.id]);
    expect(audit.rows.map((row: { event: string }) => row.event)).toEqual(['password.changed', 'user.deleted']);
  });
});
