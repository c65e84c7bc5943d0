// The public API of the `gatehouse` package; everything not exported here is internal.
import 'reflect-metadata';

export { GatehouseModule } from './gatehouse.module';
export type { GatehouseAsyncOptions, GatehouseOptions, GatehouseRouteFamilies, GatehouseRoutePrefixes, GatehouseTeams } from './gatehouse.options';
export { gatehouseOptionsFromEnv } from './config/options-from-env';
export type { GatehouseEnvOptions } from './config/options-from-env';
export { ConfigError } from './config/config';
export { gatehouseFastifyOptions } from './common/fastify-options';
export { runGatehouseMigrations } from './database/run-migrations';
export type { HostMigrations } from './database/data-source-options';
export { prepareGatehouseApp, serveGatehouseApp, GatehouseCliError } from './gatehouse-app';
export type { GatehouseApp, GatehouseCliCommand, GatehouseCliContext, ServedGatehouseApp } from './gatehouse-app';
export { runGatehouseCli } from './run-cli';
export { SOCIAL_PRESETS, socialProvider, socialProvidersFromEnv } from './config/social-config';
export type { SocialConfig, SocialProviderConfig, SocialProviderInput, SocialProviderKind, SocialResponseMode } from './config/social-config';

export { OptionalAuth, Public } from './common/public.decorator';
export { CurrentUser } from './auth/current-user.decorator';
export { Abilities, AnyAbility } from './tokens/abilities.decorator';
export { AnyPermission, Permissions, Roles } from './rbac/rbac.decorators';
export { Verified } from './common/verified.decorator';
export { RequirePasswordConfirmation } from './common/password-confirmation.decorator';

export type { AuthContext, Caller } from './auth/caller';
export type { User } from './users/user.entity';
export type { UserAccess, UserTeam } from './users/user.response';
export type { PresentedUser, UserPresentFn } from './users/user-presenter';
export type { GatehouseHost } from './users/host-lookup';
export type { UserFieldDefinition, UserFieldDefinitions } from './common/user-field-rules';
export type { TeamFieldDefinition, TeamFieldDefinitions } from './common/team-field-rules';
export type { TeamSwitchOptions } from './rbac/team-switch';
export type {
  AuthAnswer,
  AuthAnswerContext,
  GatehouseResponses,
  LogoutAnswerContext,
  SessionLoginAnswerContext,
  TokenAnswerContext,
} from './users/auth-answers';

export { GatehouseAccess } from './host/gatehouse-access';
export { GatehouseRbac } from './host/gatehouse-rbac';
export { GatehouseTokens } from './host/gatehouse-tokens';
export { GatehouseUsers } from './host/gatehouse-users';
export type { NewToken } from './tokens/tokens.service';
export type { TokenRecord } from './tokens/token.record';
export type { NewUser } from './users/users.service';

export { GatehouseEvents } from './events/gatehouse-events.service';
export { OnGatehouseEvent } from './events/on-gatehouse-event.decorator';
export type { GatehouseEvent, GatehouseEventListener, GatehouseEventMap, GatehouseEventName } from './events/gatehouse-event.types';
export { RateLimit } from './throttle/rate-limit.decorator';
export type { NamedRateLimit, RateLimiters } from './config/rate-limits';
export type { LdapConfig, LdapGroupRole } from './config/ldap-config';

export { ClientFacts } from './common/request-facts';
export type { RequestFacts } from './common/request-facts';
export { ApiRoutes, WebRoutes } from './common/route-family.decorator';

/** Laravel-shaped errors for a host's own routes: `throw validationError({ slot: ['The slot is taken.'] })`. */
export { ApiError as GatehouseHttpError, fieldError, validationError } from './common/api-error';
export type { ErrorBody } from './common/api-error';
