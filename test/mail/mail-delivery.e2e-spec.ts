import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DeferredTasks } from '../../src/mail/deferred-tasks';
import { startApp, TestApp } from '../support/app';
import { createUser } from '../support/factories';
import { spaClient } from '../support/spa-client';

const SENT = { message: 'We have emailed your password reset link.' };

/** A free loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function smtpServer(options: ConstructorParameters<typeof SMTPServer>[0]): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function forgotPassword(t: TestApp, email: string) {
  const client = spaClient(t.url);
  await client.http.get('/sanctum/csrf-cookie');
  const started = Date.now();
  const res = await client.http.post('/forgot-password', { email });
  return { res, ms: Date.now() - started };
}

describe('mail delivery problems never reach the HTTP response', () => {
  it('answers forgot-password and registration normally when the mail server is unreachable', async () => {
    const t = await startApp({ env: { MAIL_URL: `smtp://127.0.0.1:${await closedPort()}` } });
    try {
      const user = await createUser(t.app);
      const { res } = await forgotPassword(t, user.email);
      expect(res.status).toBe(200);
      expect(res.data).toEqual(SENT);
      const spa = spaClient(t.url);
      await spa.http.get('/sanctum/csrf-cookie');
      const registered = await spa.http.post('/register', { name: 'N', email: `unreach_${process.pid}@example.com`, password: 'password123', password_confirmation: 'password123' });
      expect(registered.status).toBe(201);
      // The failed sends were handled (and logged) in the background: nothing is left hanging.
      await t.app.get(DeferredTasks).idle();
    } finally {
      await t.close();
    }
  });

  it('answers forgot-password without waiting for a slow mail server', async () => {
    let received = 0;
    const slow = await smtpServer({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => setTimeout(() => (received++, callback()), 1500));
      },
    });
    const t = await startApp({ env: { MAIL_URL: slow.url } });
    try {
      const user = await createUser(t.app);
      const { res, ms } = await forgotPassword(t, user.email);
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(1000);
      await t.app.get(DeferredTasks).idle();
      expect(received).toBe(1);
    } finally {
      await t.close();
      await slow.close();
    }
  });

  it('answers the same when the mail server refuses the recipient', async () => {
    const refusing = await smtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      },
    });
    const t = await startApp({ env: { MAIL_URL: refusing.url } });
    try {
      const user = await createUser(t.app);
      const { res } = await forgotPassword(t, user.email);
      expect(res.status).toBe(200);
      expect(res.data).toEqual(SENT);
      await t.app.get(DeferredTasks).idle();
      // The token was still stored: a retry after 60 s would replace it.
      expect((await t.db.query('SELECT 1 FROM password_reset_tokens WHERE email = $1', [user.email])).rowCount).toBe(1);
    } finally {
      await t.close();
      await refusing.close();
    }
  });
});
