import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { actingAs, assignRoles, createRole, createUser } from 'gatehouse/testing';
import request from 'supertest';
import { createApp } from '../src/create-app';

// The database and the environment come from test/global-setup.ts.
describe('a host app mounting the packed Gatehouse', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    app = await createApp({ logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('GET /tracks as a guest is not personalised', async () => {
    const res = await request(url).get('/tracks').set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tracks: [], personalised: false });
  });

  it('GET /tracks with actingAs is personalised', async () => {
    const user = await createUser(app);
    const res = await request(url).get('/tracks').set(await actingAs(app, user));
    expect(res.body).toEqual({ tracks: [], personalised: true });
  });

  it('POST /tracks as a guest is 401', async () => {
    const res = await request(url).post('/tracks').set('Accept', 'application/json').send({ title: 'Intro' });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Unauthenticated.');
  });

  it('POST /tracks without tracks.create is 403, with it 201', async () => {
    const user = await createUser(app);
    const denied = await request(url).post('/tracks').set(await actingAs(app, user)).send({ title: 'Intro' });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ message: 'This action is unauthorized.' });
    await createRole(app, { name: 'editor', permissions: ['tracks.create'] });
    await assignRoles(app, user, ['editor']);
    const created = await request(url).post('/tracks').set(await actingAs(app, user)).send({ title: 'Intro' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ title: 'Intro' });
  });

  it('GET /api/user answers the shape of users.present', async () => {
    const user = await createUser(app);
    const res = await request(url).get('/api/user').set(await actingAs(app, user));
    expect(res.status).toBe(200);
    // A new user holds DEFAULT_ROLE ("user").
    expect(res.body).toEqual({ data: { id: user.id, email: user.email, role_names: ['user'] } });
  });

  it('POST /api/login answers a token that authenticates the host routes', async () => {
    const user = await createUser(app, { password: 'correct-horse-1' });
    const login = await request(url)
      .post('/api/login')
      .set('Accept', 'application/json')
      .send({ email: user.email, password: 'correct-horse-1', device_name: 'phone' });
    expect(login.status).toBe(201);
    expect(login.body.user).toEqual({ data: { id: user.id, email: user.email, role_names: ['user'] } });
    const res = await request(url).get('/tracks').set({ Authorization: `Bearer ${login.body.token}`, Accept: 'application/json' });
    expect(res.body.personalised).toBe(true);
  });

  it('bad JSON is a 400 in Laravel shape, with the request id header (the Fastify hooks and filter apply)', async () => {
    const user = await createUser(app);
    const res = await request(url)
      .post('/tracks')
      .set({ ...(await actingAs(app, user)), 'Content-Type': 'application/json' })
      .send('{"title":');
    expect(res.status).toBe(400);
    expect(res.text).toBe('{"message":"The request body is not valid JSON."}');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
