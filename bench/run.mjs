// `npm run bench`: builds, measures the framework's ceiling (bench/ceiling.mjs), then starts the
// production server on a real PostgreSQL, seeds users, a session and tokens, and measures each scenario
// with autocannon in a separate process. Every figure is given as a ratio to the ceiling and to (a).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { cpuTime, freePort, load, rssSampler, startCeiling, startServer, waitHealthy } from './processes.mjs';
import { profileRows, summariseProfile, summariseProfiles, whatWouldBeNeeded } from './profile-summary.mjs';
import { ceilingRatio, report, stormTarget, THROUGHPUT_TARGETS, loginTarget } from './report.mjs';
import { seed } from './seed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const BCRYPT_ROUNDS = Number(process.env.BCRYPT_ROUNDS ?? 12);
const STORM_ROUNDS = Number(process.env.BENCH_STORM_ROUNDS ?? 5);
const CLUSTER = Number(process.env.BENCH_WEB_CONCURRENCY ?? 2);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
// A target that is not met gets one extra profiled run of its scenario (BENCH_PROFILE=all: every scenario).
const PROFILE_SECONDS = Number(process.env.BENCH_PROFILE_DURATION ?? 5);
const PROFILE_ALL = process.env.BENCH_PROFILE === 'all';
// The calibration: the ceiling with this much fixed handler work per request (0 to skip).
const CALIBRATION_US = Number(process.env.BENCH_CALIBRATION_US ?? 25);
const BRACKET_SECONDS = Number(process.env.BENCH_BRACKET_SECONDS ?? 5);
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
const served = { requests: 0, lines: 0 };

async function createDatabase() {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, drop: async () => {} };
  const admin = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `gatehouse_bench_${randomBytes(3).toString('hex')}`;
  const run = async (sql) => { const c = new pg.Client(admin); await c.connect(); await c.query(sql); await c.end(); };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin); url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A warm-up run (caches, JIT), then the measured one with its RSS peak and database round trips. */
async function scenario(server, name, spec, { tree = false } = {}) {
  const warm = await load(root, { ...spec, duration: 2 });
  const before = server.counts ? await server.counts() : null;
  const rss = rssSampler(server.child.pid, { tree });
  const cpuBefore = tree ? null : cpuTime(server.child.pid);
  const result = await load(root, { ...spec, duration: spec.duration ?? DURATION });
  const cpuAfter = cpuBefore && cpuTime(server.child.pid);
  const after = before ? await server.counts() : null;
  const machineLoad = loadavg()[0];
  const db = before ? { dbQueries: after.queries - before.queries, dbWrites: after.writes - before.writes } : {};
  // The spec (it holds the seeded credentials) stays out of the results file.
  // The server's own CPU per request (user, and kernel: mostly the socket reads and writes of each answer).
  const cpu = cpuAfter ? { cpuUserUs: (cpuAfter.user - cpuBefore.user) / Math.max(1, result.requests), cpuSysUs: (cpuAfter.sys - cpuBefore.sys) / Math.max(1, result.requests) } : {};
  return Object.defineProperty({ name, ...result, rssMb: rss.stop(), ...db, ...cpu, warmRequests: warm.requests, load: machineLoad }, 'spec', { value: spec });
}

/** One more run of a scenario with the CPU profiled (after the measured one, so its figures are untouched). */
async function profiled(server, spec, name) {
  await server.profile.start();
  const result = await load(root, { ...spec, duration: PROFILE_SECONDS });
  // BENCH_PROFILE_DIR keeps the .cpuprofile files (for a closer look, e.g. in Chrome DevTools).
  const file = await server.profile.stop(join(process.env.BENCH_PROFILE_DIR ?? scratch, `${name.replace(/\W+/g, '-')}.cpuprofile`));
  return { summary: summariseProfile(file), requests: result.requests };
}

/**
 * The ceiling, measured, then profiled: the per-request cost every profiled scenario is compared with. It keeps
 * running: `bracket` measures it again around each throughput scenario (a shared machine's speed drifts over minutes).
 */
async function ceiling() {
  const port = await freePort();
  const server = startCeiling(root, port);
  try {
    await server.ready;
    const spec = { url: `http://127.0.0.1:${port}/hello` };
    const measuredRun = await scenario(server, 'ceiling: NestJS + Fastify, one global guard reading route metadata', spec);
    const profile = await profiled(server, spec, 'ceiling');
    const track = ceilingTrack(spec);
    return { server, measured: measuredRun, profile, track, calibration: await bracket(track, calibration) };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Short runs of the ceiling between scenarios (BENCH_BRACKET_SECONDS, 5). */
function ceilingTrack(spec) {
  const runs = [];
  return {
    runs,
    last: () => runs.at(-1),
    measure: async () => {
      const run = await load(root, { ...spec, duration: BRACKET_SECONDS });
      runs.push(run.rps);
      return run.rps;
    },
  };
}

/**
 * A throughput scenario between two runs of the ceiling: its ratio is to their mean, so a machine that slowed
 * down or sped up between the first ceiling run and this scenario does not make the ratio.
 */
async function bracket(track, run) {
  const before = track.last() ?? (await track.measure());
  const x = await run();
  if (!x) return x;
  const after = await track.measure();
  x.ceilingRps = (before + after) / 2;
  return x;
}

/**
 * The ceiling whose handler also spins CALIBRATION_US per request: what a fixed cost per request does to the
 * ratio on this machine, in this run (the load generator's share of the cores and the kernel's per-answer
 * time change with the throughput, so the ratio falls faster than the CPU added would suggest).
 */
async function calibration() {
  if (!(CALIBRATION_US > 0)) return null;
  const port = await freePort();
  const server = startCeiling(root, port, CALIBRATION_US);
  try {
    await server.ready;
    return await scenario(server, `calibration: the ceiling + ${CALIBRATION_US} µs of handler work per request`, { url: `http://127.0.0.1:${port}/hello` });
  } finally {
    await server.stop();
  }
}

const bcryptLimit = () => JSON.parse(execFileSync(process.execPath, [join(root, 'bench/bcrypt-limit.mjs'), String(BCRYPT_ROUNDS), '6'], { cwd: root }).toString());

async function main() {
  if (!process.env.BENCH_SKIP_BUILD) spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  // The machine is shared: its load is printed beside every figure, and at the start and the end.
  const loadAtStart = loadavg();
  const top = await ceiling();
  const r = { ceiling: top.measured, calibration: top.calibration, profiles: [], ceilingRuns: top.track.runs };
  const limit = bcryptLimit();
  const database = await createDatabase();
  const appKey = `base64:${randomBytes(32).toString('base64')}`;
  // The production heap setting of the Dockerfile (override with BENCH_NODE_OPTIONS).
  const nodeOptions = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=256 --max-semi-space-size=16';
  // LOG_LEVEL info (the default): the access log is on, as in production. MAIL_URL: production requires one;
  // nothing listens there (the seed's verification mails fail, logged). REGISTER_MAX_ATTEMPTS: the seed
  // registers its users from one address. PRUNE_INTERVAL_MINUTES: a pruning pass is maintenance, not
  // request work, and would show as writes in whichever scenario it lands.
  const env = { NODE_ENV: 'production', NODE_OPTIONS: nodeOptions, APP_KEY: appKey, DATABASE_URL: database.url, HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', BCRYPT_ROUNDS: String(BCRYPT_ROUNDS), APP_URL: 'http://localhost:3000', MAIL_URL: 'smtp://127.0.0.1:1', REGISTER_MAX_ATTEMPTS: '100000', PRUNE_INTERVAL_MINUTES: '0', WEB_CONCURRENCY: '1' };
  const notes = [];
  try {
    const s = await single(r, env, notes, { limit, ceilingProfile: top.profile, track: top.track });
    await top.server.stop();
    notes.push(`the ceiling, measured again around each of the calibration and (a)–(d) for ${BRACKET_SECONDS} s: ${top.track.runs.map((x) => Math.round(x)).join(', ')} req/s; each of their ratios is to the mean of the two runs around it`);
    if (CLUSTER > 1) await clustered(r, { ...env, WEB_CONCURRENCY: String(CLUSTER) }, s);
    notes.push(`load average (1, 5, 15 min) at the start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}, at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${availableParallelism()} cores, of which the bench itself keeps about 2 busy: a higher load means other work shared them, and every ratio is less certain`);
    report(root, r, limit, served, notes);
  } finally {
    await top.server.stop();
    await database.drop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The shipped setting (one process): scenarios (a)–(f). */
async function single(r, env, notes, fallback) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = join(scratch, 'server.log');
  const profDir = join(scratch, 'profiles');
  const server = startServer(root, { ...env, PORT: String(port) }, logFile, CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []);
  let s;
  try {
    await waitHealthy(base);
    s = await seed(base, root, env);
    notes.push(...s.notes);
    await runScenarios(server, base, s, r, fallback);
  } finally {
    await server.stop();
  }
  served.lines = readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('"request completed"')).length;
  if (CPU_PROF) summariseProfiles(profDir);
  return s;
}

/**
 * The done-when fallback, right after (a)–(d) (before the storm, whose queued logins would still be
 * hashing): for each throughput target not met, a profiled run of its scenario, compared module by
 * module with the ceiling's, and what would be needed.
 */
async function profileThroughputMisses(server, r, ceilingProfile) {
  for (const { key, label, need } of THROUGHPUT_TARGETS) {
    const x = r[key];
    if (!x || (!PROFILE_ALL && ceilingRatio(x, r) >= need)) continue;
    const run = await profiled(server, x.spec, key);
    r.profiles.push({ scenario: x.name, requests: run.requests, ceilingRequests: ceilingProfile.requests, rows: profileRows(run, ceilingProfile), needed: whatWouldBeNeeded(label, ceilingRatio(x, r), need, run, ceilingProfile, { scenario: x, ceiling: r.ceiling, calibration: r.calibration && { ...r.calibration, workUs: CALIBRATION_US } }) });
  }
}

/** For (e) or (f) not met: one more storm, profiled. */
async function profileStormMiss(server, r, limit) {
  if (r.storm.length === 0 || (!PROFILE_ALL && stormTarget(r.storm).met && loginTarget(r.storm, limit).met)) return;
  const { steady, loginSpec } = r.stormSpecs;
  await server.profile.start();
  const [login] = await Promise.all([load(root, { ...loginSpec, duration: PROFILE_SECONDS }), load(root, { ...steady, duration: PROFILE_SECONDS })]);
  const summary = summariseProfile(await server.profile.stop(join(process.env.BENCH_PROFILE_DIR ?? scratch, 'storm.cpuprofile')));
  r.profiles.push({
    scenario: '(e) + (f) login storm',
    rows: profileRows({ summary, requests: login.requests }),
    needed: 'µs/req above are per login; bcrypt hashes on the libuv pool (its threads at nice 10), outside this profile: what still stalls (f) is the ' +
      'event loop, the hashes and the load generator sharing two cores; a lower BCRYPT_ROUNDS or BCRYPT_CONCURRENCY, or a machine with more cores, would relieve it.',
  });
}

async function measured(server, name, spec) {
  const result = await scenario(server, name, spec);
  served.requests += result.requests + result.warmRequests;
  return result;
}

async function runScenarios(server, base, s, r, { limit, ceilingProfile, track }) {
  const bearer = { authorization: `Bearer ${s.token}` };
  r.a = await bracket(track, () => measured(server, '(a) GET /api/auth/check, no credentials', { url: `${base}/api/auth/check` }));
  r.b = await bracket(track, () => measured(server, '(b) GET /api/user, bearer token', { url: `${base}/api/user`, headers: bearer }));
  r.c = await bracket(track, () => measured(server, '(c) GET /api/user, session cookie', { url: `${base}/api/user`, headers: { cookie: s.cookie, origin: s.origin } }));
  if (s.adminToken) r.d = await bracket(track, () => measured(server, '(d) GET /api/permissions, admin token', { url: `${base}/api/permissions`, headers: { authorization: `Bearer ${s.adminToken}` } }));
  await profileThroughputMisses(server, r, ceilingProfile);
  r.storm = [];
  Object.defineProperty(r, 'stormSpecs', { value: stormSpecs(base, s) });
  for (let i = 1; i <= STORM_ROUNDS; i += 1) r.storm.push(await storm(server, base, s, i));
  await profileStormMiss(server, r, limit);
}

/** (f) alone, then (e) and (f) together; (e) is the login storm. */
function stormSpecs(base, s) {
  return {
    steady: { url: `${base}/api/user`, headers: { authorization: `Bearer ${s.token}` }, connections: 10, rate: 100, duration: DURATION },
    loginSpec: { url: `${base}/api/login`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: s.logins, connections: 10, duration: DURATION },
  };
}

async function storm(server, base, s, round) {
  const { steady, loginSpec } = stormSpecs(base, s);
  const alone = await measured(server, `(f) run ${round}: GET /api/user at 100 req/s, alone`, steady);
  const rss = rssSampler(server.child.pid);
  const [login, during] = await Promise.all([load(root, loginSpec), load(root, steady)]);
  const peak = rss.stop();
  const machineLoad = loadavg()[0];
  served.requests += login.requests + during.requests;
  return {
    alone,
    login: { name: `(e) run ${round}: POST /api/login, concurrency 10`, ...login, rssMb: peak, load: machineLoad },
    during: { name: `(f) run ${round}: GET /api/user at 100 req/s, during (e)`, ...during, rssMb: peak, load: machineLoad },
  };
}

/** WEB_CONCURRENCY workers sharing the port (the load generator keeps one core of its own busy). */
async function clustered(r, env, s) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer(root, { ...env, PORT: String(port) }, join(scratch, 'cluster.log'));
  try {
    await waitHealthy(base);
    const cluster = { child: server.child };
    const label = `WEB_CONCURRENCY=${env.WEB_CONCURRENCY}`;
    r.cluster = [
      await scenario(cluster, `(a) ${label}`, { url: `${base}/api/auth/check` }, { tree: true }),
      await scenario(cluster, `(b) ${label}`, { url: `${base}/api/user`, headers: { authorization: `Bearer ${s.token}` } }, { tree: true }),
    ];
  } finally {
    await server.stop();
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
