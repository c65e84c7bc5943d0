import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const serverUrl = () => process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const newDatabaseName = () => `host_app_${process.pid}_${randomBytes(4).toString('hex')}`;
