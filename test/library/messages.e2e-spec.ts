import request from 'supertest';
import { GatehouseModule } from '../../src';
import { createUser } from '../../src/testing';
import { spaClient } from '../support/spa-client';
import { hostOptions, hostWith, startHostApp, useHostDatabase } from './host-module';

const json = { Accept: 'application/json' };
const XETASUITE = 'The provided credentials are incorrect.';
const LARAVEL = 'These credentials do not match our records.';

const database = useHostDatabase();

describe('messages.failedLogin', () => {
  describe('set by the host', () => {
    const host = hostWith(database, { messages: { failedLogin: XETASUITE } });

    it('a wrong password at the SPA login answers the host message in message and errors.email', async () => {
      const user = await createUser(host.current.app);
      const client = spaClient(host.current.url);
      await client.http.get('/sanctum/csrf-cookie');
      const res = await client.http.post('/login', { email: user.email, password: 'wrong-password' });
      expect(res.status).toBe(422);
      expect(res.data).toEqual({ message: XETASUITE, errors: { email: [XETASUITE] } });
    });

    it('an unknown email at the token login answers the same, and a right password still logs in', async () => {
      const res = await request(host.current.url).post('/api/login').set(json).send({ email: 'nobody@example.com', password: 'x', device_name: 'phone' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: XETASUITE, errors: { email: [XETASUITE] } });
      const user = await createUser(host.current.app);
      const ok = await request(host.current.url).post('/api/login').set(json).send({ email: user.email, password: user.plainPassword, device_name: 'phone' });
      expect(ok.status).toBe(201);
    });
  });

  describe('left out', () => {
    const host = hostWith(database, {});

    it("answers Laravel's auth.failed line, as before", async () => {
      const user = await createUser(host.current.app);
      const res = await request(host.current.url).post('/api/login').set(json).send({ email: user.email, password: 'wrong-password', device_name: 'phone' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({ message: LARAVEL, errors: { email: [LARAVEL] } });
    });
  });

  it.each([
    ['an empty message', ''],
    ['a blank message', '  '],
    ['two lines', 'two\nlines'],
    ['256 characters', 'x'.repeat(256)],
  ])('refuses %s at start', async (_label, failedLogin) => {
    const options = { ...hostOptions(database.url), messages: { failedLogin } };
    await expect(startHostApp(GatehouseModule.forRoot(options), options)).rejects.toThrow(/messages\.failedLogin must be a non-empty single line/);
  });
});
