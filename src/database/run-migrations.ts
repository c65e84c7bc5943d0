import { DataSource } from 'typeorm';
import { dataSourceOptions, HostMigrations } from './data-source-options';
import { runMigrations } from './migrate';

/**
 * Applies Gatehouse's pending migrations, then the host's own (`database.migrations` of the options),
 * with a short-lived connection; returns their names.
 */
export async function runGatehouseMigrations(databaseUrl: string, options: { migrations?: HostMigrations } = {}): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, 1, [], options.migrations) });
  await dataSource.initialize();
  try {
    return await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
