import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ROUTE_MODULES, routesFor } from './app.routes';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { FrontendGuard } from './auth/frontend.guard';
import { SanctumGuard } from './auth/sanctum.guard';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config.types';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { UsersModule } from './users/users.module';

/**
 * Global guards, in the order they run: FrontendGuard (stateful origin, session cookie, CSRF),
 * then SanctumGuard (who is calling: session, else bearer token, else 401).
 */
const GLOBAL_GUARDS = [FrontendGuard, SanctumGuard].map((guard) => ({ provide: APP_GUARD, useClass: guard }));

@Module({})
export class AppModule {
  /** `databaseUrl` is the real server's URL or the embedded database's loopback URL. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl, config.dbPoolSize),
        AuditModule,
        UsersModule,
        AuthModule,
        HealthModule,
        ...ROUTE_MODULES,
        ...routesFor(config),
      ],
      providers: GLOBAL_GUARDS,
    };
  }
}
