// `npm run bench`: builds, starts the production server on a real PostgreSQL, seeds users, a
// session and tokens, and measures each scenario with autocannon in a separate process.
// Every figure is also given as a ratio to (a), the app's cheapest route, from the same run.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { seed } from './seed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const BCRYPT_ROUNDS = Number(process.env.BCRYPT_ROUNDS ?? 12);

const freePort = () => new Promise((ok) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => ok(port));
  });
});
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function createDatabase() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, drop: async () => {} };
  const admin = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `gatehouse_bench_${randomBytes(3).toString('hex')}`;
  const run = async (sql) => { const c = new pg.Client(admin); await c.connect(); await c.query(sql); await c.end(); };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin); url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function startServer(env) {
  const child = spawn(process.execPath, ['--require', join(root, 'bench/query-counter.cjs'), join(root, 'dist/main.js')], {
    cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const counts = () => new Promise((ok) => {
    child.once('message', (m) => ok(m));
    child.send('query-counts');
  });
  return { child, counts };
}

async function waitHealthy(base) {
  for (let i = 0; i < 120; i += 1) {
    try { if ((await fetch(`${base}/health`)).ok) return; } catch { /* not up yet */ }
    await sleep(500);
  }
  throw new Error('server did not become healthy');
}

function rssSampler(pid) {
  let peak = 0;
  const read = () => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  };
  const timer = setInterval(read, 200);
  return { stop: () => { clearInterval(timer); read(); return Math.round(peak); } };
}

function load(spec) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, 'bench/load.mjs'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`load exited ${code}`))));
  });
}

async function scenario(server, name, spec) {
  await load({ ...spec, duration: 2 }); // warm caches and JIT
  const before = await server.counts();
  const rss = rssSampler(server.child.pid);
  const result = await load({ ...spec, duration: spec.duration ?? DURATION });
  const after = await server.counts();
  return { name, ...result, rssMb: rss.stop(), dbQueries: after.queries - before.queries, dbWrites: after.writes - before.writes };
}

const bcryptLimit = () => JSON.parse(execFileSync(process.execPath, [join(root, 'bench/bcrypt-limit.mjs'), String(BCRYPT_ROUNDS), '6'], { cwd: root }).toString());

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const database = await createDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const appKey = `base64:${randomBytes(32).toString('base64')}`;
  // The production heap setting of the Dockerfile (override with BENCH_NODE_OPTIONS).
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=256 --max-semi-space-size=32';
  // MAIL_URL: production requires one; nothing listens there (the seed's verification mails fail, logged).
  // REGISTER_MAX_ATTEMPTS: the seed registers its users from one address. PRUNE_INTERVAL_MINUTES: a pruning
  // pass is maintenance, not request work, and would show as writes in whichever scenario it lands.
  const env = { NODE_ENV: 'production', NODE_OPTIONS: nodeOptions, APP_KEY: appKey, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', BCRYPT_ROUNDS: String(BCRYPT_ROUNDS), APP_URL: 'http://localhost:3000', MAIL_URL: 'smtp://127.0.0.1:1', REGISTER_MAX_ATTEMPTS: '100000', PRUNE_INTERVAL_MINUTES: '0' };
  const server = startServer(env);
  try {
    await waitHealthy(base);
    const s = await seed(base, root, env);
    const results = await runScenarios(server, base, s);
    const limit = bcryptLimit();
    report(results, limit, s.notes);
  } finally {
    server.child.kill('SIGTERM');
    await sleep(500);
    await database.drop();
  }
}

async function runScenarios(server, base, s) {
  const r = {};
  r.a = await scenario(server, '(a) GET /api/auth/check, no credentials', { url: `${base}/api/auth/check` });
  r.b = await scenario(server, '(b) GET /api/user, bearer token', { url: `${base}/api/user`, headers: { authorization: `Bearer ${s.token}` } });
  r.c = await scenario(server, '(c) GET /api/user, session cookie', { url: `${base}/api/user`, headers: { cookie: s.cookie, origin: s.origin } });
  if (s.adminToken) {
    r.d = await scenario(server, '(d) GET /api/permissions, admin token', { url: `${base}/api/permissions`, headers: { authorization: `Bearer ${s.adminToken}` } });
  }
  const loginSpec = { url: `${base}/api/login`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: s.logins, connections: 10 };
  const steady = { url: `${base}/api/user`, headers: { authorization: `Bearer ${s.token}` }, connections: 10, rate: 100, duration: DURATION };
  r.fAlone = await scenario(server, '(f) GET /api/user at 100 req/s, alone', steady);
  const rss = rssSampler(server.child.pid);
  const [login, during] = await Promise.all([load({ ...loginSpec, duration: DURATION }), load(steady)]);
  const peak = rss.stop();
  r.e = { name: '(e) POST /api/login, concurrency 10', ...login, rssMb: peak };
  r.fDuring = { name: '(f) GET /api/user at 100 req/s, during (e)', ...during, rssMb: peak };
  return r;
}

function report(r, limit, notes) {
  const base = r.a.rps;
  const rows = Object.values(r).map((x) => ({
    scenario: x.name, 'req/s': Math.round(x.rps), ratio: (x.rps / base).toFixed(2), 'p50 ms': x.p50, 'p99 ms': x.p99,
    'RSS MB': x.rssMb, 'db queries/req': x.dbQueries === undefined ? '' : (x.dbQueries / Math.max(1, x.requests)).toFixed(3),
    'db writes': x.dbWrites ?? '', 'non-2xx': x.non2xx,
  }));
  console.table(rows);
  const targets = [
    ['(b) ≥ 0.6 × (a)', r.b.rps / base, 0.6],
    ['(c) ≥ 0.6 × (a)', r.c.rps / base, 0.6],
    ...(r.d ? [['(d) ≥ 0.5 × (a)', r.d.rps / base, 0.5]] : []),
    ['(f) p99 during (e) ≤ 3 × alone', (3 * Math.max(1, r.fAlone.p99)) / Math.max(1, r.fDuring.p99), 1],
    [`(e) ≥ 0.8 × bcrypt limit (${limit.perSecond.toFixed(1)}/s at cost ${limit.cost})`, r.e.rps / limit.perSecond, 0.8],
    ['zero writes in steady authenticated reads', [r.b, r.c, r.d].filter(Boolean).every((x) => x.dbWrites === 0) ? 1 : 0, 1],
    ['no db round trip per warm authenticated read', [r.b, r.c, r.d].filter(Boolean).every((x) => x.dbQueries / x.requests < 0.01) ? 1 : 0, 1],
    ['peak RSS ≤ 250 MB', 250 / Math.max(...Object.values(r).map((x) => x.rssMb)), 1],
  ].map(([target, value, need]) => ({ target, value: Number(value.toFixed(2)), met: value >= need ? 'yes' : 'NO' }));
  console.table(targets);
  for (const note of notes) console.log(`note: ${note}`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), bcryptLimit: limit, scenarios: r, targets, notes }, null, 2));
  console.log(`results written to ${file}`);
}

main().catch((error) => { console.error(error); process.exit(1); });
