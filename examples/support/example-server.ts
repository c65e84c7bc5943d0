import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { GatehouseApp, runGatehouseCli, serveGatehouseApp, ServedGatehouseApp } from 'gatehouse';

/** What every example's tests run with: fast hashing, quiet logs, no background pruning. */
const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  BCRYPT_ROUNDS: '4',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  PRUNE_INTERVAL_MINUTES: '0',
  HOST: '127.0.0.1',
  PORT: '0',
};

export interface RunningExample {
  /** The base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  served: ServedGatehouseApp;
  /** Runs the example's CLI (Gatehouse's commands and its own) on the same database, in-process. */
  cli(...argv: string[]): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

const serverUrl = () => process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port || 5432), hostname, () => (socket.destroy(), resolve(true)));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Serves the example as `npm run example` does, on a fresh database: a new database on the PostgreSQL server
 * when one is reachable, else a new embedded one. Gatehouse's and the example's migrations run at start.
 */
export async function startExample(app: GatehouseApp, env: Record<string, string> = {}): Promise<RunningExample> {
  const base = { ...TEST_ENV, APP_KEY: `base64:${randomBytes(32).toString('base64')}`, ...env };
  const server = serverUrl();
  let dropDatabase = async () => undefined as void;
  let exampleEnv: Record<string, string>;
  if (await reachable(server)) {
    const name = `example_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(server, `CREATE DATABASE ${name}`);
    const target = new URL(server);
    target.pathname = `/${name}`;
    exampleEnv = { ...base, DATABASE_URL: target.toString() };
    dropDatabase = () => admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-example-'));
    exampleEnv = { ...base, DATA_DIR: dataDir };
    dropDatabase = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const served = await serveGatehouseApp(app, exampleEnv, { handleSignals: false });
  const url = served.url.replace('[::1]', '127.0.0.1');
  return {
    url,
    served,
    async cli(...argv) {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
      const code = await runGatehouseCli(app, argv, exampleEnv, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async close() {
      await served.close();
      await dropDatabase();
    },
  };
}
