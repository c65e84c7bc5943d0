import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { PROBE, ProbeModule } from '../support/probe.module';

const VALID = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse', password_confirmation: 'correct horse' };
const ALL_REQUIRED = {
  message: 'The name field is required. (and 2 more errors)',
  errors: {
    name: ['The name field is required.'],
    email: ['The email field is required.'],
    password: ['The password field is required.'],
  },
};

describe('validation (422, Laravel shape)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp({ extraModules: [ProbeModule] })));
  afterAll(() => t.close());

  const post = (body: unknown) => request(t.url).post(PROBE).send(body as object);
  const postRaw = (raw: string) => request(t.url).post(PROBE).set('Content-Type', 'application/json').send(raw);

  it('passes a valid body through to the handler', async () => {
    const res = await post(VALID).expect(200);
    expect(res.body.received).toEqual(VALID);
  });

  it('renders every failing field with Laravel messages and the "(and N more errors)" summary', async () => {
    const res = await post({});
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(ALL_REQUIRED);
  });

  it('says "(and 1 more error)" in the singular and nothing extra for a single error', async () => {
    const two = await post({ ...VALID, email: 'nope', password: 'short', password_confirmation: 'short' });
    expect(two.status).toBe(422);
    expect(two.body).toEqual({
      message: 'The email field must be a valid email address. (and 1 more error)',
      errors: {
        email: ['The email field must be a valid email address.'],
        password: ['The password field must be at least 8 characters.'],
      },
    });
    const one = await post({ ...VALID, password_confirmation: 'something else' });
    expect(one.body).toEqual({
      message: 'The password field confirmation does not match.',
      errors: { password: ['The password field confirmation does not match.'] },
    });
  });

  it('lists a field\'s failures in rule order (min:8 before confirmed), counting them all in the summary', async () => {
    const res = await post({ ...VALID, password: 'short', password_confirmation: 'other' });
    expect(res.body).toEqual({
      message: 'The password field must be at least 8 characters. (and 1 more error)',
      errors: {
        password: ['The password field must be at least 8 characters.', 'The password field confirmation does not match.'],
      },
    });
  });

  it('applies max:255 to name and email (§10.22)', async () => {
    const res = await post({ ...VALID, name: 'n'.repeat(256), email: `${'e'.repeat(250)}@example.com` });
    expect(res.status).toBe(422);
    expect(res.body.errors.name).toEqual(['The name field must not be greater than 255 characters.']);
    expect(res.body.errors.email).toContain('The email field must not be greater than 255 characters.');
    await post({ ...VALID, name: 'n'.repeat(255) }).expect(200);
  });

  it('trims strings before validating, but never passwords', async () => {
    const res = await post({ ...VALID, name: '  Ada  ', email: '\tada@example.com \n', password: '  spaced  ', password_confirmation: '  spaced  ' });
    expect(res.status).toBe(200);
    expect(res.body.received).toEqual({ name: 'Ada', email: 'ada@example.com', password: '  spaced  ', password_confirmation: '  spaced  ' });
  });

  it('treats "" and whitespace-only strings as missing', async () => {
    const res = await post({ name: '', email: '   ', password: '', password_confirmation: '' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(ALL_REQUIRED);
    const nulls = await post({ name: null, email: null, password: null });
    expect(nulls.body).toEqual(ALL_REQUIRED);
  });

  it.each([
    ['numbers', { name: 5, email: 7, password: 12345678 }],
    ['booleans', { name: true, email: false, password: true }],
    ['arrays', { name: ['a'], email: ['ada@example.com'], password: ['x'.repeat(9)] }],
    ['objects', { name: { a: 1 }, email: { $ne: null }, password: { length: 9 } }],
  ])('answers 422 (never 500) when the fields are %s', async (_label, body) => {
    const res = await post({ ...body, password_confirmation: body.password });
    expect(res.status).toBe(422);
    expect(res.body.errors.name).toEqual(['The name field must be a string.']);
    expect(res.body.errors.email[0]).toBe('The email field must be a string.');
    expect(res.body.errors.password[0]).toBe('The password field must be a string.');
    // A size rule is not measured on a value of the wrong type (no "at least 8 characters").
    expect(res.body.errors.password).not.toContain('The password field must be at least 8 characters.');
    expect(res.body.message).toMatch(/^The name field must be a string\. \(and \d+ more errors\)$/);
  });

  it.each(['null', '1', '[]', '"x"', 'true', '[{"name":"Ada"}]'])('treats the JSON body %s as {} (§10.13)', async (raw) => {
    const res = await postRaw(raw);
    expect(res.status).toBe(422);
    expect(res.body).toEqual(ALL_REQUIRED);
  });

  it('ignores unknown fields (they never reach the handler) and survives prototype keys', async () => {
    const raw = JSON.stringify({ ...VALID, is_admin: true, role: 'super-admin' }).replace(/}$/, ',"__proto__":{"polluted":1}}');
    const res = await postRaw(raw).expect(200);
    expect(res.body.keys).toEqual(['email', 'name', 'password', 'password_confirmation']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('validates form posts the same way', async () => {
    const res = await request(t.url)
      .post(PROBE)
      .type('form')
      .send('name=%20Ada%20&email=not-an-email&password=password1&password_confirmation=password1&extra=1');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      message: 'The email field must be a valid email address.',
      errors: { email: ['The email field must be a valid email address.'] },
    });
  });
});
