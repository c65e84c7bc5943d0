import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { routesFor, verifiedControllersFor } from './app.routes';
import { AuditModule } from './audit/audit.module';
import { AUTH_RESPONSES } from './users/auth-answers';
import { AuthModule } from './auth/auth.module';
import { AuthenticateGuard } from './auth/authenticate.guard';
import { DEFAULT_DEVICE_NAME } from './auth/default-device-name.guard';
import { REVOKE_TOKENS_ON_SESSION_LOGOUT } from './auth/auth-flow.service';
import { assertFailedLoginMessage, CREDENTIALS_MISMATCH, FAILED_LOGIN_MESSAGE } from './auth/failed-login-message';
import { AuthorizeGuard } from './authorization/authorize.guard';
import { CacheModule } from './cache/cache.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { laravelValidationPipe } from './common/validation.pipe';
import { APP_CONFIG } from './config/config.module';
import type { AppConfig } from './config/config.types';
import { DATABASE_SETTINGS, DatabaseModule, DatabaseSettings } from './database/database.module';
import { ENTITIES } from './entities';
import { GatehouseHttpSetup } from './gatehouse-http.setup';
import { GATEHOUSE_OPTIONS, GatehouseAsyncOptions, GatehouseOptions, GatehouseRouteFamilies, GatehouseRoutePrefixes } from './gatehouse.options';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { GatehouseAccess } from './host/gatehouse-access';
import { GatehouseRbac } from './host/gatehouse-rbac';
import { GatehouseTokens } from './host/gatehouse-tokens';
import { GatehouseUsers } from './host/gatehouse-users';
import { PruningModule } from './pruning/pruning.module';
import { RouteLayout, routeLayoutOf } from './route-layout';
import { RbacModule } from './rbac/rbac.module';
import { USER_PRESENT_FN } from './users/user-presenter';
import type { HostFieldSets } from './common/host-field-rules';
import { resolveTeamFields, TEAM_FIELDS } from './common/team-field-rules';
import { resolveUserFields, USER_FIELDS } from './common/user-field-rules';
import { UsersModule } from './users/users.module';

/**
 * The two global guards, in this order (Nest runs APP_GUARDs in registration order): who is calling
 * (AuthenticateGuard: CSRF, session else bearer, the one 401), then what the route demands of them
 * (AuthorizeGuard: abilities, verified email, fresh password, roles, permissions).
 */
const GLOBAL_GUARDS = [AuthenticateGuard, AuthorizeGuard].map((guard) => ({ provide: APP_GUARD, useClass: guard }));

/** What a host app injects; everything else stays internal. */
const HOST_SERVICES = [GatehouseUsers, GatehouseAccess, GatehouseTokens, GatehouseRbac];

const DEFAULT_PREFIXES: Required<GatehouseRoutePrefixes> = { authRoutePrefix: '', apiPrefix: 'api' };

/** The options, and what the internal modules read from them, for every module (the options may be async). */
@Global()
@Module({})
class GatehouseCoreModule {
  static register(options: Provider, imports: DynamicModule['imports'], prefixes: Required<GatehouseRoutePrefixes>, layout: RouteLayout): DynamicModule {
    const derived: Provider[] = [
      { provide: APP_CONFIG, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => appConfigOf(o, prefixes, layout) },
      {
        provide: DATABASE_SETTINGS,
        inject: [GATEHOUSE_OPTIONS],
        useFactory: (o: GatehouseOptions): DatabaseSettings => ({
          url: o.databaseUrl,
          poolSize: o.dbPoolSize,
          migrationsRun: o.migrationsRun ?? true,
          entities: [...ENTITIES, ...(o.database?.entities ?? [])],
          migrations: o.database?.migrations,
        }),
      },
      { provide: USER_PRESENT_FN, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => o.users?.present ?? null },
      { provide: USER_FIELDS, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => resolveUserFields(o.users?.fields) },
      { provide: TEAM_FIELDS, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => resolveTeamFields(o.teams?.fields) },
      { provide: AUTH_RESPONSES, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => o.responses ?? null },
      { provide: DEFAULT_DEVICE_NAME, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => o.tokens?.defaultDeviceName ?? null },
      { provide: REVOKE_TOKENS_ON_SESSION_LOGOUT, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => o.tokens?.revokeOnSessionLogout === true },
      { provide: FAILED_LOGIN_MESSAGE, inject: [GATEHOUSE_OPTIONS], useFactory: (o: GatehouseOptions) => o.messages?.failedLogin ?? CREDENTIALS_MISMATCH },
    ];
    return {
      module: GatehouseCoreModule,
      imports: imports ?? [],
      providers: [options, ...derived],
      exports: [GATEHOUSE_OPTIONS, APP_CONFIG, DATABASE_SETTINGS, USER_PRESENT_FN, USER_FIELDS, TEAM_FIELDS, AUTH_RESPONSES, DEFAULT_DEVICE_NAME, REVOKE_TOKENS_ON_SESSION_LOGOUT, FAILED_LOGIN_MESSAGE],
    };
  }
}

/**
 * Gatehouse mounted in a NestJS app: the routes of docs/http-contract.md, the global guards, the Laravel-shaped error
 * filter and validation pipe, and the Fastify hooks and parsers. Import it once, in the root module.
 */
@Module({})
export class GatehouseModule {
  static forRoot(options: GatehouseOptions): DynamicModule {
    const layout = layoutOf(options);
    const core = GatehouseCoreModule.register({ provide: GATEHOUSE_OPTIONS, useValue: options }, [], prefixesOf(options), layout);
    return compose(core, layout, options.routes ?? {});
  }

  /** `routes`: the prefixes and families, needed before the factory runs; the factory's options must agree. */
  static forRootAsync(async: GatehouseAsyncOptions): DynamicModule {
    const { authRoutePrefix, apiPrefix, ...families } = async.routes ?? {};
    const prefixes = prefixesOf({ authRoutePrefix, apiPrefix });
    const layout = routeLayoutOf({ ...prefixes, ...families }, async.teams?.switch);
    const options: Provider = { provide: GATEHOUSE_OPTIONS, inject: async.inject ?? [], useFactory: async.useFactory };
    return compose(GatehouseCoreModule.register(options, async.imports, prefixes, layout), layout, families);
  }
}

function compose(core: DynamicModule, layout: RouteLayout, families: GatehouseRouteFamilies): DynamicModule {
  return {
    module: GatehouseModule,
    imports: [
      core,
      DatabaseModule.forSettings(),
      CacheModule,
      AuditModule,
      EventsModule,
      UsersModule,
      AuthModule,
      RbacModule,
      HealthModule,
      PruningModule,
      ...routesFor(layout),
    ],
    providers: [
      verifiedControllersFor(families, layout),
      ...GLOBAL_GUARDS,
      { provide: APP_FILTER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new HttpExceptionFilter(config.isProduction) },
      {
        provide: APP_PIPE,
        inject: [USER_FIELDS, TEAM_FIELDS],
        useFactory: (users: HostFieldSets['users'], teams: HostFieldSets['teams']) => laravelValidationPipe({ users, teams }),
      },
      GatehouseHttpSetup,
      ...HOST_SERVICES,
    ],
    // EventsModule: hosts inject GatehouseEvents (or use @OnGatehouseEvent on their providers).
    exports: [...HOST_SERVICES, EventsModule],
  };
}

const prefixesOf = (options: GatehouseRoutePrefixes): Required<GatehouseRoutePrefixes> => ({
  authRoutePrefix: options.authRoutePrefix ?? DEFAULT_PREFIXES.authRoutePrefix,
  apiPrefix: options.apiPrefix ?? DEFAULT_PREFIXES.apiPrefix,
});

const layoutOf = (options: GatehouseOptions): RouteLayout => routeLayoutOf({ ...prefixesOf(options), ...options.routes }, options.teams?.switch);

/** The internal configuration object; the routes are already mounted as `prefixes` and `layout` say. */
function appConfigOf(options: GatehouseOptions, prefixes: Required<GatehouseRoutePrefixes>, layout: RouteLayout): AppConfig {
  const mismatched: string[] = (['authRoutePrefix', 'apiPrefix'] as const).filter((key) => (options[key] ?? DEFAULT_PREFIXES[key]) !== prefixes[key]);
  // The factory may leave `routes` and `teams.switch` out (forRootAsync's then decide); if it names them, they must agree.
  const { teamSwitch: givenSwitch, ...givenFamilies } = layoutOf(options);
  const { teamSwitch: composedSwitch, ...composedFamilies } = layout;
  if (options.routes !== undefined && JSON.stringify(givenFamilies) !== JSON.stringify(composedFamilies)) mismatched.push('routes');
  if (mismatched.length > 0) {
    throw new Error(`Gatehouse: ${mismatched.join(' and ')} must equal forRootAsync({ routes }) (routes are fixed when the module is composed)`);
  }
  if (options.teams?.switch !== undefined && JSON.stringify(givenSwitch) !== JSON.stringify(composedSwitch)) {
    throw new Error('Gatehouse: teams.switch must equal forRootAsync({ teams: { switch } }) (routes are fixed when the module is composed)');
  }
  assertDeviceName(options.tokens?.defaultDeviceName);
  assertFailedLoginMessage(options.messages?.failedLogin);
  // Callers' own objects stay untouched: the module keeps no reference to the host's hooks in config.
  const { migrationsRun: _migrationsRun, database: _database, users: _users, teams: _teams, responses: _responses, routes: _routes, tokens: _tokens, messages: _messages, ...config } = options;
  return config;
}

/** A default device name is stored as a token name: the rule `device_name` itself has (a string of 1–255). */
function assertDeviceName(name: unknown): void {
  if (name === undefined) return;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) {
    throw new Error('Gatehouse: tokens.defaultDeviceName must be a non-empty string of at most 255 characters');
  }
}
