import { adminQuery } from './database';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __gatehouseEmbedded?: { stop(): Promise<void> } }).__gatehouseEmbedded;
  if (embedded) return embedded.stop();
  const { GATEHOUSE_TEST_DB_URL: url, GATEHOUSE_TEST_TEMPLATE: template } = process.env;
  if (url && template) await adminQuery(url, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
}
