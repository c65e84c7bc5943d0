import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../../src/database/embedded';
import { adminQuery, migrate, serverReachable, serverUrl, uniqueName, withDatabase } from './database';

/**
 * Migrations run once into a template database; every e2e file clones it. Without any PostgreSQL
 * server, the embedded PGlite serves instead (one database, files run one after another).
 */
export default async function globalSetup(): Promise<void> {
  const url = serverUrl();
  if (await serverReachable(url)) {
    const template = uniqueName('gh_tpl');
    await adminQuery(url, `CREATE DATABASE ${template}`);
    await migrate(withDatabase(url, template));
    Object.assign(process.env, {
      GATEHOUSE_TEST_DB_MODE: 'server',
      GATEHOUSE_TEST_DB_URL: url,
      GATEHOUSE_TEST_TEMPLATE: template,
    });
    return;
  }
  const embedded = await startEmbeddedDatabase(mkdtempSync(join(tmpdir(), 'gatehouse-test-')), 20);
  await migrate(embedded.url);
  (globalThis as { __gatehouseEmbedded?: typeof embedded }).__gatehouseEmbedded = embedded;
  Object.assign(process.env, { GATEHOUSE_TEST_DB_MODE: 'embedded', GATEHOUSE_TEST_DB_URL: embedded.url });
  process.stderr.write('\n[e2e] no PostgreSQL server reachable: using the embedded PGlite database\n');
}
