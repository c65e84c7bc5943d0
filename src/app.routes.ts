import { Module, DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { AppConfig } from './config/config.types';
import { ApiUserController } from './auth/api-user.controller';
import { AuthController } from './auth/auth.controller';
import { AuthModule } from './auth/auth.module';
import { CsrfCookieController } from './auth/csrf-cookie.controller';

/**
 * The routing table. Controllers are listed by family so the prefixes stay configurable:
 * web routes under AUTH_ROUTE_PREFIX, API routes under API_PREFIX, Sanctum's own route at the root.
 */
@Module({ imports: [AuthModule], controllers: [AuthController] })
export class WebRoutesModule {}

@Module({ imports: [AuthModule], controllers: [ApiUserController] })
export class ApiRoutesModule {}

@Module({ imports: [AuthModule], controllers: [CsrfCookieController] })
export class RootRoutesModule {}

export function routesFor(config: AppConfig): DynamicModule[] {
  return [
    RouterModule.register([
      { path: config.authRoutePrefix, module: WebRoutesModule },
      { path: config.apiPrefix, module: ApiRoutesModule },
    ]),
  ];
}

export const ROUTE_MODULES = [WebRoutesModule, ApiRoutesModule, RootRoutesModule];
