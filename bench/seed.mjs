// Seeds the bench database over HTTP (and the CLI for the admin role): login users, a bearer
// token, a session cookie from a stateful origin, and an admin token.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const PASSWORD = 'bench-password-1';
const ORIGIN = 'http://localhost:3000';

async function json(res) {
  const body = await res.text();
  if (!res.ok) throw new Error(`${res.status} ${body}`);
  return body ? JSON.parse(body) : {};
}

async function register(base, email) {
  return json(await fetch(`${base}/api/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Bench', email, password: PASSWORD, password_confirmation: PASSWORD, device_name: 'bench' }),
  }));
}

async function sessionCookie(base, email) {
  const first = await fetch(`${base}/sanctum/csrf-cookie`, { headers: { origin: ORIGIN } });
  const jar = cookies(first);
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', cookie: header(jar), 'x-xsrf-token': decodeURIComponent(jar['XSRF-TOKEN']) },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  await json(login);
  return header({ ...jar, ...cookies(login) });
}

function cookies(res) {
  const out = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
const header = (jar) => Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');

function adminToken(root, env) {
  const cli = (...args) => execFileSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { cwd: root, env: { ...process.env, ...env } }).toString().trim();
  cli('db:seed');
  cli('user:create', '--name', 'Bench Admin', '--email', 'admin@bench.test', '--password', PASSWORD, '--role', 'admin', '--verified');
  return cli('token:create', 'admin@bench.test', 'bench-admin');
}

export async function seed(base, root, env) {
  const notes = [];
  const users = Array.from({ length: 40 }, (_, i) => `user${i}@bench.test`);
  const registered = [];
  for (let i = 0; i < users.length; i += 8) registered.push(...(await Promise.all(users.slice(i, i + 8).map((email) => register(base, email)))));
  let admin = null;
  try {
    admin = adminToken(root, env);
  } catch (error) {
    notes.push(`admin scenario (d) skipped: ${String(error.message).split('\n')[0]}`);
  }
  return {
    token: registered[0].token,
    cookie: await sessionCookie(base, users[1]),
    origin: ORIGIN,
    adminToken: admin,
    logins: users.map((email) => ({ email, password: PASSWORD, device_name: 'bench' })),
    notes,
  };
}
