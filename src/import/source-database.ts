import { createConnection } from 'mysql2/promise';
import { Client, types } from 'pg';
import { CliError } from '../cli/command';

export type SourceRow = Record<string, unknown>;

/** The Laravel app's database, read only: MySQL/MariaDB or PostgreSQL. */
export interface SourceDatabase {
  /** `?` placeholders on both engines. */
  query(sql: string, params?: unknown[]): Promise<SourceRow[]>;
  hasTable(table: string): Promise<boolean>;
  columnsOf(table: string): Promise<Set<string>>;
  close(): Promise<void>;
}

const MYSQL_SCHEMES = new Set(['mysql:', 'mariadb:']);
const POSTGRES_SCHEMES = new Set(['postgres:', 'postgresql:']);

/** Opens `mysql://`, `mariadb://` or `postgres://`; the message of a failure never repeats the URL (it holds a password). */
export async function openSource(url: string): Promise<SourceDatabase> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError('--source must be a URL: mysql://, mariadb:// or postgres://user:password@host:port/database');
  }
  if (MYSQL_SCHEMES.has(parsed.protocol)) return openMysql(parsed);
  if (POSTGRES_SCHEMES.has(parsed.protocol)) return openPostgres(parsed);
  throw new CliError('--source must start with mysql://, mariadb:// or postgres://');
}

function databaseName(url: URL): string {
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (name === '') throw new CliError('--source must name the database (…/database)');
  return name;
}

async function openMysql(url: URL): Promise<SourceDatabase> {
  const database = databaseName(url);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
    // Laravel writes its timestamps in the app timezone, UTC unless configured otherwise.
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  const rows = async (sql: string, params: unknown[] = []) => (await connection.query(sql, params))[0] as SourceRow[];
  const columns = async (table: string) =>
    rows('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?', [database, table]);
  return {
    query: rows,
    hasTable: async (table) => (await columns(table)).length > 0,
    columnsOf: async (table) => new Set((await columns(table)).map((row) => String(row.name))),
    close: () => connection.end(),
  };
}

// `timestamp without time zone` holds the app timezone's wall clock (UTC by default): read it as UTC,
// not as the local time of the machine running the import.
const TIMESTAMP_OID = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP_OID ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
};

async function openPostgres(url: URL): Promise<SourceDatabase> {
  databaseName(url);
  const client = new Client({ connectionString: url.toString(), types: pgTypes });
  await client.connect();
  const rows = async (sql: string, params: unknown[] = []) => {
    let index = 0;
    return (await client.query(sql.replace(/\?/g, () => `$${++index}`), params)).rows as SourceRow[];
  };
  const columns = (table: string) =>
    rows('SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?', [table]);
  return {
    query: rows,
    hasTable: async (table) => (await columns(table)).length > 0,
    columnsOf: async (table) => new Set((await columns(table)).map((row) => String(row.name))),
    close: () => client.end(),
  };
}
