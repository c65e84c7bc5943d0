import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { THREAD_POOL_NICE } from '../../src/common/thread-pool-priority';
import { TEST_APP_KEY } from '../support/app';
import { adminQuery, serverUrl, uniqueName, withDatabase } from '../support/database';

// The built server (`node dist/main.js`) as an operator runs it: Node's cluster needs a real entry point.
const PROJECT_ROOT = join(__dirname, '..', '..');
const MAIN = join(PROJECT_ROOT, 'dist', 'main.js');
const BASE_ENV = { PATH: process.env.PATH, NODE_ENV: 'test', APP_KEY: TEST_APP_KEY, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', PRUNE_INTERVAL_MINUTES: '0' };
const realServer = process.env.GATEHOUSE_TEST_DB_MODE === 'server';

type LogRecord = Record<string, unknown> & { msg?: string; worker?: number };

/** The server's process and every JSON line it has written to stdout so far. */
function startServer(env: Record<string, string>, script = MAIN) {
  const child: ChildProcess = spawn(process.execPath, [script], { cwd: PROJECT_ROOT, env: { ...BASE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const records: LogRecord[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) records.push(JSON.parse(line) as LogRecord);
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const until = async (ready: () => boolean, what: string, ms = 60_000) => {
    for (const started = Date.now(); !ready(); await new Promise((resolve) => setTimeout(resolve, 25))) {
      if (Date.now() - started > ms || child.exitCode !== null) throw new Error(`${what} did not happen: ${stderr}`);
    }
  };
  return { child, records, exited, until, stderr: () => stderr };
}

/** One request over a connection of its own, so the cluster's round robin spreads them over the workers. */
function freshRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  return new Promise<{ status: number; requestId: string; body: string }>((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpRequest(url, {
      method: options.method ?? 'GET',
      agent: false,
      headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, requestId: String(res.headers['x-request-id']), body }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--if-stale'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}, 240_000);

(realServer ? describe : describe.skip)('WEB_CONCURRENCY=2 on PostgreSQL: workers sharing the port', () => {
  let database: string;
  let server: ReturnType<typeof startServer>;
  let url: string;

  beforeAll(async () => {
    // An empty database: the migrations are the primary's to run, once.
    const name = uniqueName('gh_cluster');
    await adminQuery(serverUrl(), `CREATE DATABASE ${name}`);
    database = withDatabase(serverUrl(), name);
    server = startServer({ DATABASE_URL: database, WEB_CONCURRENCY: '2' });
    const listening = () => server.records.filter((r) => r.msg === 'Gatehouse listening');
    await server.until(() => listening().length === 2, 'two workers listening');
    url = String(listening()[0].url);
  }, 240_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await adminQuery(serverUrl(), `DROP DATABASE IF EXISTS ${new URL(database).pathname.slice(1)} WITH (FORCE)`);
  });

  /** Which worker answered each request, from its access-log line (matched by X-Request-Id). */
  async function workersOf(requestIds: string[]): Promise<Set<number>> {
    const answered = () => server.records.filter((r) => r.msg === 'request completed' && requestIds.includes(String(r.reqId)));
    await server.until(() => answered().length === requestIds.length, 'an access-log line for every request', 5000);
    return new Set(answered().map((r) => Number(r.worker)));
  }

  it('ran the migrations once, in the primary, before forking two workers on one port', () => {
    const migrated = server.records.filter((r) => r.msg === 'migrations applied');
    expect(migrated).toHaveLength(1);
    expect(migrated[0].worker).toBeUndefined();
    const listening = server.records.filter((r) => r.msg === 'Gatehouse listening');
    expect(new Set(listening.map((r) => r.worker))).toEqual(new Set([1, 2]));
    expect(new Set(listening.map((r) => r.url))).toEqual(new Set([url]));
    expect(server.records.findIndex((r) => r.msg === 'migrations applied')).toBeLessThan(server.records.findIndex((r) => r.msg === 'started workers'));
  });

  it('refuses a revoked token on both workers within a second, though both had it cached', async () => {
    const registered = await freshRequest(`${url}/api/register`, {
      method: 'POST',
      body: { name: 'Cluster', email: 'cluster@example.test', password: 'cluster-password-1', password_confirmation: 'cluster-password-1', device_name: 'cli' },
    });
    expect(registered.status).toBe(201);
    const bearer = { authorization: `Bearer ${(JSON.parse(registered.body) as { token: string }).token}` };
    const warm = await Promise.all(Array.from({ length: 12 }, () => freshRequest(`${url}/api/user`, { headers: bearer })));
    expect(warm.map((res) => res.status)).toEqual(Array(12).fill(200));
    expect(await workersOf(warm.map((res) => res.requestId))).toEqual(new Set([1, 2]));

    expect((await freshRequest(`${url}/api/logout`, { method: 'POST', headers: bearer })).status).toBe(204);
    const revokedAt = Date.now();
    const refused: string[] = [];
    while (refused.length < 12) {
      const res = await freshRequest(`${url}/api/user`, { headers: bearer });
      if (res.status === 401) refused.push(res.requestId);
      // Until every worker has heard of it, the token may still pass, but never a second after the logout.
      else expect({ status: res.status, withinASecond: Date.now() - revokedAt < 1000 }).toEqual({ status: 200, withinASecond: true });
    }
    expect(await workersOf(refused)).toEqual(new Set([1, 2]));
  }, 60_000);

  it('stops every worker gracefully on SIGTERM, then exits 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const closing = server.records.filter((r) => r.msg === 'shutting down');
    expect(new Set(closing.map((r) => r.worker))).toEqual(new Set([undefined, 1, 2]));
  }, 30_000);
});

describe('WEB_CONCURRENCY on the embedded database', () => {
  it('starts one process and says why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-cluster-embedded-'));
    const server = startServer({ DATA_DIR: dataDir, WEB_CONCURRENCY: '2' });
    try {
      await server.until(() => server.records.some((r) => r.msg === 'Gatehouse listening'), 'listening', 120_000);
      expect(server.records.find((r) => String(r.msg).startsWith('WEB_CONCURRENCY ignored'))).toMatchObject({ level: 40, requested: 2 });
      expect(server.records.some((r) => r.msg === 'started workers')).toBe(false);
      const listening = server.records.filter((r) => r.msg === 'Gatehouse listening');
      expect(listening).toEqual([expect.not.objectContaining({ worker: expect.anything() })]);
      expect((await freshRequest(`${String(listening[0].url)}/health`)).status).toBe(200);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

/** A host app's entry point on the built package, as each example's src/main.ts is. */
const HOST_MAIN = `require(require.resolve('reflect-metadata', { paths: [${JSON.stringify(PROJECT_ROOT)}] }));
const { Module } = require(require.resolve('@nestjs/common', { paths: [${JSON.stringify(PROJECT_ROOT)}] }));
const gatehouse = require(${JSON.stringify(join(PROJECT_ROOT, 'dist', 'index.js'))});
class HostRoot {}
gatehouse.serveGatehouseApp({
  options: (env) => gatehouse.gatehouseOptionsFromEnv(env),
  module: (options) => { Module({ imports: [gatehouse.GatehouseModule.forRoot(options)] })(HostRoot); return HostRoot; },
}).catch((error) => { console.error(error); process.exit(1); });
`;

(realServer ? describe : describe.skip)('serveGatehouseApp with WEB_CONCURRENCY=2', () => {
  it('migrates once in the primary, serves from both workers, stops them all on SIGTERM', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gh-cluster-host-'));
    const name = uniqueName('gh_cluster_host');
    await adminQuery(serverUrl(), `CREATE DATABASE ${name}`);
    writeFileSync(join(folder, 'main.js'), HOST_MAIN);
    const server = startServer({ DATABASE_URL: withDatabase(serverUrl(), name), WEB_CONCURRENCY: '2' }, join(folder, 'main.js'));
    try {
      const listening = () => server.records.filter((r) => r.msg === 'Gatehouse listening');
      await server.until(() => listening().length === 2, 'two workers listening');
      expect(server.records.filter((r) => r.msg === 'migrations applied').map((r) => r.worker)).toEqual([undefined]);
      const answers = await Promise.all(Array.from({ length: 8 }, () => freshRequest(`${String(listening()[0].url)}/api/auth/check`)));
      expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
      const ids = answers.map((res) => res.requestId);
      const lines = () => server.records.filter((r) => r.msg === 'request completed' && ids.includes(String(r.reqId)));
      await server.until(() => lines().length === ids.length, 'an access-log line for every request', 5000);
      expect(new Set(lines().map((r) => r.worker))).toEqual(new Set([1, 2]));
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await adminQuery(serverUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Each thread's nice value, by thread id (Linux: /proc/<pid>/task/<tid>/stat, field 19). */
function niceByThread(pid: number): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
    nice.set(Number(tid), Number(fields[16]));
  }
  return nice;
}

(realServer && process.platform === 'linux' ? describe : describe.skip)('the thread pool (bcrypt) yields the cores to the event loop', () => {
  let database: string;
  let server: ReturnType<typeof startServer>;

  beforeAll(async () => {
    const name = uniqueName('gh_nice');
    await adminQuery(serverUrl(), `CREATE DATABASE ${name}`);
    database = withDatabase(serverUrl(), name);
    server = startServer({ DATABASE_URL: database, UV_THREADPOOL_SIZE: '3' });
    await server.until(() => server.records.some((r) => r.msg === 'Gatehouse listening'), 'listening');
  }, 240_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    await adminQuery(serverUrl(), `DROP DATABASE IF EXISTS ${new URL(database).pathname.slice(1)} WITH (FORCE)`);
  });

  it("starts libuv's pool threads at nice 10 and leaves the event loop's thread at the process's own", () => {
    const nice = niceByThread(server.child.pid!);
    expect(nice.get(server.child.pid!)).toBe(0);
    expect([...nice.values()].filter((value) => value === THREAD_POOL_NICE)).toHaveLength(3);
  });

  it('still hashes there: a registration (bcrypt) and a login answer', async () => {
    const url = String(server.records.find((r) => r.msg === 'Gatehouse listening')!.url);
    const credentials = { email: 'nice@example.test', password: 'a-long-password-1', device_name: 'test' };
    const registered = await freshRequest(`${url}/api/register`, { method: 'POST', body: { ...credentials, name: 'Nice', password_confirmation: credentials.password } });
    expect(registered.status).toBe(201);
    const login = await freshRequest(`${url}/api/login`, { method: 'POST', body: credentials });
    // docs/http-contract.md: POST /api/login answers 201 with the new token.
    expect(login.status).toBe(201);
    expect(JSON.parse(login.body)).toMatchObject({ token: expect.stringMatching(/^\d+\|/) });
  });
});
