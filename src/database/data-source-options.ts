import { join } from 'node:path';
import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './naming-strategy';

// int8 (ids, counts) as JS numbers: our ids stay far below 2^53 and the API promises JSON numbers.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

// Compiled: dist/database → dist/migrations/*.js; from source (tests): src/database → migrations/*.ts
const MIGRATIONS = __filename.endsWith('.js')
  ? join(__dirname, '..', 'migrations', '*.js')
  : join(__dirname, '..', '..', 'migrations', '*.ts');

/** A host app's own migrations, applied after (and with) Gatehouse's: classes or glob paths. */
export type HostMigrations = Array<string | (new () => unknown)>;

/**
 * `entities` comes from the composition root (src/entities.ts), which knows every feature; the
 * database layer knows none. Migrations and raw queries need no entities.
 */
export function dataSourceOptions(
  url: string,
  poolSize = 10,
  entities: DataSourceOptions['entities'] = [],
  hostMigrations: HostMigrations = [],
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    // One migrations table for both: TypeORM runs the pending ones of the union in timestamp order.
    migrations: [MIGRATIONS, ...hostMigrations] as DataSourceOptions['migrations'],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: 'gatehouse' },
  };
}
