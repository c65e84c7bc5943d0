import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';

/** The server tests use: TEST_DATABASE_URL, DATABASE_URL, or the local default. */
export function serverUrl(): string {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** True when something answers on the server's host:port (before trying to log in). */
export function serverReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 5432), hostname, () => done(true));
  });
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

/**
 * A database for one test file: a clone of the migrated template on a real server, or, on the
 * embedded fallback (one database only, files run one at a time), the shared one emptied.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const mode = process.env.GATEHOUSE_TEST_DB_MODE;
  const base = process.env.GATEHOUSE_TEST_DB_URL;
  if (!base) throw new Error('test/support/global-setup.ts did not run');
  if (mode === 'embedded') {
    await truncateAll(base);
    return { url: base, drop: async () => undefined };
  }
  const name = uniqueName('gh_t');
  await adminQuery(base, `CREATE DATABASE ${name} TEMPLATE ${process.env.GATEHOUSE_TEST_TEMPLATE}`);
  return {
    url: withDatabase(base, name),
    drop: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function truncateAll(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'",
    );
    if (rows.length > 0) {
      await client.query(`TRUNCATE ${rows.map((row) => `"${row.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
    }
  } finally {
    await client.end();
  }
}
