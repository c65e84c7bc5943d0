import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectDataSource } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { GatehouseModule, gatehouseFastifyOptions, GatehouseOptions, GatehouseResponses, UserPresentFn } from '../../src';
import { actingAs, assignRoles, createRole, createUser } from '../../src/testing';
import { hostOptions, useHostDatabase } from './host-module';

const json = { Accept: 'application/json' };

/** The host's own table, beside Gatehouse's: one nickname per user. */
const HOST_MIGRATION = 'CREATE TABLE nicknames (user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, nickname text NOT NULL)';

/** A host service reading that table: what the shaping functions reach through `host.get`. */
@Injectable()
class Nicknames {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async of(userId: number): Promise<string | null> {
    const rows = (await this.dataSource.query('SELECT nickname FROM nicknames WHERE user_id = $1', [userId])) as { nickname: string }[];
    return rows[0]?.nickname ?? null;
  }

  async set(userId: number, nickname: string): Promise<void> {
    await this.dataSource.query('INSERT INTO nicknames (user_id, nickname) VALUES ($1, $2)', [userId, nickname]);
  }
}

const present: UserPresentFn = async (user, access, host) => ({
  id: user.id,
  roles: access.roles,
  nickname: await host.get(Nicknames).of(user.id),
});

const responses: GatehouseResponses = {
  tokenLogin: async ({ user, token, entity, host }) => ({ token, user, greeting: `Hi ${(await host.get(Nicknames).of(entity.id)) ?? entity.name}` }),
  tokenRegister: async ({ user, token }) => Promise.resolve({ token, user, registered: true }),
  tokenLogout: async ({ entity, host }) => ({ bye: await host.get(Nicknames).of(entity.id) }),
};

async function startWithNicknames(options: GatehouseOptions) {
  @Module({ imports: [GatehouseModule.forRoot(options)], providers: [Nicknames] })
  class NicknamesHostModule {}
  const app = await NestFactory.create<NestFastifyApplication>(NicknamesHostModule, new FastifyAdapter(gatehouseFastifyOptions(options)), {
    logger: false,
    abortOnError: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

describe('async shaping functions reading the host’s own table (users.present, responses)', () => {
  const database = useHostDatabase(HOST_MIGRATION);
  let host: Awaited<ReturnType<typeof startWithNicknames>>;
  beforeAll(async () => {
    host = await startWithNicknames({ ...hostOptions(database.url), users: { present }, responses });
  });
  afterAll(() => host?.app.close());

  it('GET /api/user answers what the async present() read from the host table, at each request', async () => {
    const user = await createUser(host.app);
    const headers = await actingAs(host.app, user);
    const before = await request(host.url).get('/api/user').set(headers);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ id: user.id, roles: ['user'], nickname: null });
    await host.app.get(Nicknames).set(user.id, 'Ace');
    const after = await request(host.url).get('/api/user').set(headers);
    expect(after.body).toEqual({ id: user.id, roles: ['user'], nickname: 'Ace' });
  });

  it('POST /api/login, /api/register and /api/logout answer what the async responses built', async () => {
    const user = await createUser(host.app, { name: 'Ada' });
    await host.app.get(Nicknames).set(user.id, 'Countess');
    const login = await request(host.url).post('/api/login').set(json).send({ email: user.email, password: user.plainPassword, device_name: 'phone' });
    expect(login.status).toBe(201);
    expect(login.body).toEqual({ token: expect.stringMatching(/^\d+\|gth_/), user: { id: user.id, roles: ['user'], nickname: 'Countess' }, greeting: 'Hi Countess' });

    const out = await request(host.url).post('/api/logout').set(json).set('Authorization', `Bearer ${login.body.token}`);
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ bye: 'Countess' });

    const email = `async-shaping-${process.pid}@example.com`;
    const registered = await request(host.url)
      .post('/api/register')
      .set(json)
      .send({ name: 'New', email, password: 'password123', password_confirmation: 'password123', device_name: 'phone' });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ token: expect.stringMatching(/^\d+\|gth_/), user: { id: expect.any(Number), roles: ['user'], nickname: null }, registered: true });
  });

  it('the admin user routes present each user of a page with the async present()', async () => {
    const admin = await createUser(host.app);
    await createRole(host.app, { name: 'super-admin' });
    await assignRoles(host.app, admin, ['super-admin']);
    const other = await createUser(host.app);
    await host.app.get(Nicknames).set(other.id, 'Other');
    const headers = await actingAs(host.app, admin);
    const one = await request(host.url).get(`/api/users/${other.id}`).set(headers);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ id: other.id, roles: ['user'], nickname: 'Other' });
    const page = await request(host.url).get('/api/users?per_page=100').set(headers);
    expect(page.status).toBe(200);
    expect(page.body.data).toContainEqual({ id: other.id, roles: ['user'], nickname: 'Other' });
    expect(page.body.data).toContainEqual({ id: admin.id, roles: ['super-admin'], nickname: null });
  });
});
