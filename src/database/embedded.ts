import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const INFO_FILE = 'embedded-db.json';

/**
 * Starts PGlite persisted under `dataDir/pgdata` and serves it over the PostgreSQL wire protocol
 * on a loopback port, so the app talks to it through the same `pg` driver as to a real server.
 * PGlite has a single backend: fine for development and demos, not for production.
 */
export async function startEmbeddedDatabase(dataDir: string, maxConnections: number): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: join(dataDir, 'pgdata') });
  // Headroom above the pool size: the CLI and the TypeORM CLI may connect while the server runs.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: maxConnections + 5 });
  await server.start();
  const url = `postgres://postgres:postgres@${server.getServerConn()}/postgres`;
  const infoFile = join(dataDir, INFO_FILE);
  writeFileSync(infoFile, JSON.stringify({ pid: process.pid, url }));
  return {
    url,
    async stop() {
      rmSync(infoFile, { force: true });
      await server.stop();
      await db.close();
    },
  };
}

/**
 * The data directory can only be opened by one process; a CLI run while the server is up
 * connects to the server's socket instead.
 */
export function runningEmbeddedDatabaseUrl(dataDir: string): string | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, INFO_FILE), 'utf8')) as { pid: number; url: string };
    process.kill(info.pid, 0);
    return info.url;
  } catch {
    return null;
  }
}
