import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ROUTE_MODULES, routesFor } from './app.routes';
import { AuditModule } from './audit/audit.module';
import { CacheModule } from './cache/cache.module';
import { AuthModule } from './auth/auth.module';
import { AuthenticateGuard } from './auth/authenticate.guard';
import { AuthorizeGuard } from './authorization/authorize.guard';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config.types';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { HealthModule } from './health/health.module';
import { PruningModule } from './pruning/pruning.module';
import { RbacModule } from './rbac/rbac.module';
import { UsersModule } from './users/users.module';

/**
 * The two global guards, in this order (Nest runs APP_GUARDs in registration order): who is calling
 * (AuthenticateGuard: CSRF, session else bearer, the one 401), then what the route demands of them
 * (AuthorizeGuard: abilities, verified email, fresh password, roles, permissions).
 */
const GLOBAL_GUARDS = [AuthenticateGuard, AuthorizeGuard].map((guard) => ({ provide: APP_GUARD, useClass: guard }));

@Module({})
export class AppModule {
  /** `databaseUrl` is the real server's URL or the embedded database's loopback URL. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl, config.dbPoolSize, ENTITIES),
        CacheModule,
        AuditModule,
        UsersModule,
        AuthModule,
        RbacModule,
        HealthModule,
        PruningModule,
        ...ROUTE_MODULES,
        ...routesFor(config),
      ],
      providers: GLOBAL_GUARDS,
    };
  }
}
