import { DataSource, MigrationExecutor } from 'typeorm';

// Arbitrary constant: several instances starting at once must not run the same migration twice.
const MIGRATION_LOCK = 7_353_001;

/**
 * Applies pending migrations under a session advisory lock, on that same connection (a second
 * connection would deadlock a pool of one, and PGlite has a single backend anyway).
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
