import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ROUTE_MODULES, routesFor } from './app.routes';
import { AuditModule } from './audit/audit.module';
import { CacheModule } from './cache/cache.module';
import { AuthModule } from './auth/auth.module';
import { FrontendGuard } from './auth/frontend.guard';
import { PasswordConfirmationGuard } from './auth/password-confirmation.guard';
import { SanctumGuard } from './auth/sanctum.guard';
import { VerifiedGuard } from './auth/verified.guard';
import { AbilitiesGuard } from './tokens/abilities.guard';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config.types';
import { DatabaseModule } from './database/database.module';
import { ENTITIES } from './entities';
import { HealthModule } from './health/health.module';
import { PruningModule } from './pruning/pruning.module';
import { RbacGuard } from './rbac/rbac.guard';
import { RbacModule } from './rbac/rbac.module';
import { UsersModule } from './users/users.module';

/**
 * Global guards, in the order they run: FrontendGuard (stateful origin, session cookie, CSRF),
 * then SanctumGuard (who is calling: session, else bearer token, else 401), then AbilitiesGuard (403
 * `Invalid ability provided.` when a token lacks an @Abilities/@AnyAbility ability), then VerifiedGuard (403 on
 * @Verified() routes for unverified users when MUST_VERIFY_EMAIL=true), then
 * PasswordConfirmationGuard (423 on @RequirePasswordConfirmation() routes without a recent confirmation),
 * then RbacGuard (@Roles/@Permissions/@AnyPermission: 403 `This action is unauthorized.`).
 */
const GLOBAL_GUARDS = [FrontendGuard, SanctumGuard, AbilitiesGuard, VerifiedGuard, PasswordConfirmationGuard, RbacGuard].map((guard) => ({ provide: APP_GUARD, useClass: guard }));

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
