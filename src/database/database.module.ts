import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptions, HostMigrations } from './data-source-options';
import { runMigrations } from './migrate';

/** Where and how to connect; provided by whoever mounts DatabaseModule.forSettings(). */
export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** Apply pending migrations (under the advisory lock) before any provider sees the connection. */
  migrationsRun: boolean;
  /** The entity classes (the composing root module knows them; the database folder knows no feature). */
  entities: NonNullable<DataSourceOptions['entities']>;
  /** The host's own migrations, run with Gatehouse's. */
  migrations?: HostMigrations;
}

export const DATABASE_SETTINGS = Symbol('DATABASE_SETTINGS');

/** Not TypeORM's `migrationsRun`: that one would migrate without our advisory lock. */
type GatehouseDataSourceOptions = DataSourceOptions & { retryAttempts: number; applyMigrations: boolean };

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string, poolSize: number, entities: DataSourceOptions['entities'] = []): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(url, poolSize, entities), retryAttempts: 0 })],
    };
  }

  /** Reads DATABASE_SETTINGS from a global provider (the Gatehouse options, possibly resolved asynchronously). */
  static forSettings(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [DATABASE_SETTINGS],
          useFactory: (settings: DatabaseSettings): GatehouseDataSourceOptions => ({
            ...dataSourceOptions(settings.url, settings.poolSize, settings.entities, settings.migrations),
            retryAttempts: 0,
            applyMigrations: settings.migrationsRun,
          }),
          dataSourceFactory: async (options) => initialise(options as GatehouseDataSourceOptions),
        }),
      ],
    };
  }
}

const logger = new Logger('Database');

/**
 * Migrating here, inside the data source factory, means no provider can query a table that a
 * pending migration has yet to create (DEFAULT_ROLE provisioning, the RBAC version watcher…).
 */
async function initialise({ applyMigrations, ...options }: GatehouseDataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  if (!applyMigrations) return dataSource;
  try {
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) logger.log(`migrations applied: ${applied.join(', ')}`);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
