import { startExample, RunningExample } from '../../support/example-server';
import { gbapp } from '../src/app';
import { DemoAccount, demoAccounts, getApiUser, tokenLogin, webLogin } from './clients';

const DOCUMENTED_KEYS = [
  'id', 'name', 'username', 'email', 'type', 'codigo_vendedor', 'cedula', 'is_ldap_user',
  'role_names', 'permission_names', 'profile_photo_url', 'email_verified_at', 'created_at', 'updated_at',
];
const LARAVEL_DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** A `Y-m-d H:i:s` written in a zone `offsetHours` from UTC, as an instant. */
const instantOf = (laravelDate: string, offsetHours = 0) => Date.parse(`${laravelDate.replace(' ', 'T')}Z`) - offsetHours * 3600_000;

describe('GB App: GET /api/user with a bearer token (auth:sanctum + verified)', () => {
  let example: RunningExample;
  let admin: DemoAccount;
  let pending: DemoAccount;
  beforeAll(async () => {
    example = await startExample(gbapp);
    const seeded = await example.cli('demo:seed');
    expect(seeded.code).toBe(0);
    ({ admin, pending } = demoAccounts(seeded.out));
  });
  afterAll(() => example?.close());

  it('a token made with Sanctum token creation (POST /api/tokens after the web login) reads the documented user', async () => {
    const web = await webLogin(example.url, admin.email, admin.password);
    const created = await web.http.post('/api/tokens', { name: 'gb-reports' });
    expect(created.status).toBe(201);
    const token = created.data.token as string;
    expect(token).toMatch(/^\d+\|\w+$/);

    const res = await getApiUser(example.url, token);
    expect(res.status).toBe(200);
    const user = res.body as Record<string, unknown>;
    expect(Object.keys(user)).toEqual(DOCUMENTED_KEYS);
    expect(user).toEqual({
      id: expect.any(Number),
      name: 'John Doe',
      username: 'jdoe',
      email: 'jdoe@gbapp.test',
      type: 'admin',
      codigo_vendedor: 'V001',
      cedula: '1234567890',
      is_ldap_user: false,
      role_names: expect.arrayContaining(['super-admin']),
      permission_names: expect.arrayContaining(['user.index', 'user.create', 'report.create', 'role.index']),
      profile_photo_url: 'https://ui-avatars.com/api/?name=J+D&color=7F9CF5&background=EBF4FF',
      email_verified_at: expect.stringMatching(LARAVEL_DATE),
      created_at: expect.stringMatching(LARAVEL_DATE),
      updated_at: expect.stringMatching(LARAVEL_DATE),
    });
    // UTC by default: the seed wrote the row moments ago.
    expect(Math.abs(instantOf(user.created_at as string) - Date.now())).toBeLessThan(120_000);
    expect((user.role_names as unknown[]).every((r) => typeof r === 'string')).toBe(true);
    expect([...(user.permission_names as string[])].sort()).toEqual(['report.create', 'role.index', 'user.create', 'user.index']);
  });

  it('a token from POST /api/login (email, password, device_name) reads the same user', async () => {
    const token = await tokenLogin(example.url, admin.email, admin.password);
    const res = await getApiUser(example.url, token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'jdoe', type: 'admin', is_ldap_user: false });
  });

  it('an unverified user may sign in, but GET /api/user answers 403', async () => {
    const token = await tokenLogin(example.url, pending.email, pending.password);
    const res = await getApiUser(example.url, token);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Your email address is not verified.' });
  });

  // Outside production the 401 also names a `reason` (Gatehouse's debugging aid); production drops it.
  it('no token or a wrong token: 401 {"message":"Unauthenticated."}', async () => {
    const guest = await fetch(`${example.url}/api/user`, { headers: { Accept: 'application/json' } });
    expect(guest.status).toBe(401);
    expect(await guest.json()).toMatchObject({ message: 'Unauthenticated.' });
    const wrong = await getApiUser(example.url, '1|notarealtokennotarealtokennotarealtoken00');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ message: 'Unauthenticated.' });
  });

  it('demo:seed is idempotent and prints the same accounts again', async () => {
    const again = await example.cli('demo:seed');
    expect(again.code).toBe(0);
    expect(demoAccounts(again.out)).toEqual(demoAccounts((await example.cli('demo:seed')).out));
    expect(demoAccounts(again.out).admin).toEqual({ ...admin });
  });
});

describe('GB App: dates in APP_TIMEZONE', () => {
  let example: RunningExample;
  beforeAll(async () => (example = await startExample(gbapp, { APP_TIMEZONE: 'America/Bogota' })));
  afterAll(() => example?.close());

  it('writes created_at and the others as Y-m-d H:i:s in that zone (Bogota: UTC-5, no daylight saving)', async () => {
    const { admin } = demoAccounts((await example.cli('demo:seed')).out);
    const res = await getApiUser(example.url, await tokenLogin(example.url, admin.email, admin.password));
    const user = res.body as Record<string, string>;
    expect(user.created_at).toMatch(LARAVEL_DATE);
    expect(Math.abs(instantOf(user.created_at, -5) - Date.now())).toBeLessThan(120_000);
    expect(Math.abs(instantOf(user.email_verified_at, -5) - Date.now())).toBeLessThan(120_000);
  });

  it('an unknown zone stops the app at start-up with a message naming APP_TIMEZONE', () => {
    const env = { APP_KEY: `base64:${Buffer.alloc(32, 7).toString('base64')}`, DATABASE_URL: 'postgres://127.0.0.1/none', APP_TIMEZONE: 'Mars/Olympus' };
    expect(() => gbapp.options(env)).toThrow(/APP_TIMEZONE must be an IANA time zone/);
  });
});
