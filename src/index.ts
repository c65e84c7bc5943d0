// The public API of the `gatehouse` package; everything not exported here is internal.
import 'reflect-metadata';

export { GatehouseModule } from './gatehouse.module';
export type { GatehouseAsyncOptions, GatehouseOptions, GatehouseRoutePrefixes } from './gatehouse.options';
export { gatehouseOptionsFromEnv } from './config/options-from-env';
export type { GatehouseEnvOptions } from './config/options-from-env';
export { ConfigError } from './config/config';
export { gatehouseFastifyOptions } from './common/fastify-options';
export { runGatehouseMigrations } from './database/run-migrations';

export { OptionalAuth, Public } from './common/public.decorator';
export { CurrentUser } from './auth/current-user.decorator';
export { Abilities, AnyAbility } from './tokens/abilities.decorator';
export { AnyPermission, Permissions, Roles } from './rbac/rbac.decorators';
export { Verified } from './auth/verified.decorator';
export { RequirePasswordConfirmation } from './auth/password-confirmation.decorator';

export type { AuthContext, Caller } from './auth/caller';
export type { User } from './users/user.entity';
export type { UserAccess } from './users/user.response';
export type { PresentedUser, UserPresentFn } from './users/user-presenter';

export { GatehouseAccess } from './host/gatehouse-access';
export { GatehouseTokens } from './host/gatehouse-tokens';
export { GatehouseUsers } from './host/gatehouse-users';
export type { NewToken } from './tokens/tokens.service';
export type { TokenRecord } from './tokens/token.record';
export type { NewUser } from './users/users.service';
