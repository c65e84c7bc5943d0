import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { RouteLayout } from './route-layout';
import { GATEHOUSE_OPTIONS } from './gatehouse.options';
import type { GatehouseOptions, GatehouseRouteFamilies } from './gatehouse.options';
import { VERIFIED_CONTROLLERS } from './common/family-requirements';
import { AccountModule } from './account/account.module';
import { BrowserSessionsController } from './account/browser-sessions.controller';
import { CurrentUserController } from './account/current-user.controller';
import { EmailVerificationController } from './account/email-verification.controller';
import { PasswordResetController } from './account/password-reset.controller';
import { ProfileController } from './account/profile.controller';
import { ApiAuthController } from './auth/api-auth.controller';
import { ApiUserController } from './auth/api-user.controller';
import { AuthController } from './auth/auth.controller';
import { AuthModule } from './auth/auth.module';
import { CsrfCookieController } from './auth/csrf-cookie.controller';
import { AdminUsersController } from './rbac/admin-users.controller';
import { AuditEventsController } from './rbac/audit-events.controller';
import { currentTeamControllerFor } from './rbac/current-team.controller';
import { PermissionsController } from './rbac/permissions.controller';
import { RbacModule } from './rbac/rbac.module';
import { RolesController } from './rbac/roles.controller';
import { TeamsController } from './rbac/teams.controller';
import { PasswordConfirmationController } from './auth/password-confirmation.controller';
import { PasswordConfirmationModule } from './auth/password-confirmation.module';
import { ApiTwoFactorChallengeController, TwoFactorChallengeController } from './auth/two-factor-challenge.controller';
import { TwoFactorController } from './account/two-factor.controller';
import { TwoFactorModule } from './two-factor/two-factor.module';
import { TokensController } from './account/tokens.controller';
import { SocialModule } from './social/social.module';
import { SocialController } from './social/social.controller';
import { ConnectedAccountsController } from './social/connected-accounts.controller';
import { ApiSocialController } from './social/api-social.controller';
import { PasskeysModule } from './passkeys/passkeys.module';
import { PasskeysController } from './passkeys/passkeys.controller';
import { ApiPasskeyLoginController, PasskeyLoginController } from './passkeys/passkey-login.controller';

/**
 * The routing table. Controllers are listed by family so each family can be switched off or prefixed:
 * web routes under AUTH_ROUTE_PREFIX, API routes under API_PREFIX, the token routes (an API family of their own,
 * so a cookie-only app can leave them out) under API_PREFIX or their own prefix, Sanctum's own route at the root.
 * Each controller declares its family (@WebRoutes/@ApiRoutes); a host app's routes without one are API routes.
 */
@Module({
  imports: [AuthModule, PasswordConfirmationModule, TwoFactorModule, AccountModule, SocialModule, PasskeysModule],
  controllers: [
    AuthController,
    PasswordConfirmationController,
    TwoFactorController,
    TwoFactorChallengeController,
    PasswordResetController,
    EmailVerificationController,
    ProfileController,
    BrowserSessionsController,
    CurrentUserController,
    SocialController,
    ConnectedAccountsController,
    PasskeysController,
    PasskeyLoginController,
  ],
})
export class WebRoutesModule {}

/** The API family's fixed controllers (`routes.api: { verified: true }` puts them, and the team switch, behind `verified`). */
export const API_ROUTE_CONTROLLERS = [
  ApiUserController,
  PermissionsController,
  RolesController,
  AdminUsersController,
  TeamsController,
  AuditEventsController,
];

/** One team switch controller class per composed layout: the routes mount it and `verified` recognises it. */
const teamSwitchControllers = new WeakMap<RouteLayout, Type | null>();
function teamSwitchControllerOf(layout: RouteLayout): Type | null {
  if (!teamSwitchControllers.has(layout)) teamSwitchControllers.set(layout, layout.teamSwitch ? currentTeamControllerFor(layout.teamSwitch) : null);
  return teamSwitchControllers.get(layout) ?? null;
}

@Module({ imports: [AuthModule, RbacModule], controllers: API_ROUTE_CONTROLLERS })
export class ApiRoutesModule {
  /** With the team switch route where `teams.switch` puts it (none when it is `false`). */
  static forLayout(layout: RouteLayout): DynamicModule {
    const teamSwitch = teamSwitchControllerOf(layout);
    return { module: ApiRoutesModule, controllers: teamSwitch ? [teamSwitch] : [] };
  }
}

/** Sanctum's token login, registration and logout, the token two-factor step, and token management. */
@Module({
  imports: [AuthModule, SocialModule, PasskeysModule],
  controllers: [ApiTwoFactorChallengeController, ApiAuthController, TokensController, ApiSocialController, ApiPasskeyLoginController],
})
export class TokenRoutesModule {}

@Module({ imports: [AuthModule], controllers: [CsrfCookieController] })
export class RootRoutesModule {}

/** The route modules to import, and their prefixes; a family that is off is not imported at all (its routes 404). */
export function routesFor(layout: RouteLayout): NonNullable<DynamicModule['imports']> {
  const mounts = [
    { path: layout.web, module: WebRoutesModule },
    { path: layout.api, module: ApiRoutesModule },
    { path: layout.tokens, module: TokenRoutesModule },
  ].filter((mount): mount is { path: string; module: typeof WebRoutesModule } => mount.path !== null);
  const root = layout.web === null ? [] : [RootRoutesModule];
  const imports = mounts.map((mount) => (mount.module === ApiRoutesModule ? ApiRoutesModule.forLayout(layout) : mount.module));
  return [...imports, ...root, RouterModule.register(mounts)];
}

const apiVerified = (families: GatehouseRouteFamilies) => typeof families.api === 'object' && families.api.verified === true;

/**
 * Which controllers sit behind `verified` as a family; fixed when the module is composed, as the routes are.
 * An async factory that names `routes` must agree (never a silently unprotected family).
 */
export function verifiedControllersFor(families: GatehouseRouteFamilies, layout: RouteLayout): Provider {
  const verified = apiVerified(families);
  return {
    provide: VERIFIED_CONTROLLERS,
    inject: [GATEHOUSE_OPTIONS],
    useFactory: (options: GatehouseOptions) => {
      if (options.routes !== undefined && apiVerified(options.routes) !== verified) {
        throw new Error('Gatehouse: routes.api.verified must equal forRootAsync({ routes }) (routes are fixed when the module is composed)');
      }
      const teamSwitch = teamSwitchControllerOf(layout);
      return new Set<object>(verified ? [...API_ROUTE_CONTROLLERS, ...(teamSwitch ? [teamSwitch] : [])] : []);
    },
  };
}
