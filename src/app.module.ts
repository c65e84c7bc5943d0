import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from './config/config.types';
import { GatehouseModule } from './gatehouse.module';

/**
 * The standalone server's module: GatehouseModule on the environment's configuration. The server
 * (main.ts) and the CLI migrate before they start, so the module does not migrate again.
 */
export const AppModule = {
  /** `databaseUrl` is the real server's URL or the embedded database's loopback URL. */
  forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return GatehouseModule.forRoot({ ...config, databaseUrl, migrationsRun: false });
  },
};
