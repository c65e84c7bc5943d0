import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { HostMigrations } from './database/data-source-options';
import type { GatehouseResponses } from './users/auth-answers';
import type { GatehouseEnvOptions } from './config/options-from-env';
import type { UserPresentFn } from './users/user-presenter';
import type { UserFieldDefinitions } from './common/user-field-rules';
import type { TeamFieldDefinitions } from './common/team-field-rules';
import type { TeamSwitchOptions } from './rbac/team-switch';

/**
 * Everything Gatehouse needs: today's configuration (what gatehouseOptionsFromEnv() returns) plus the
 * database URL and the host's hooks.
 */
export interface GatehouseOptions extends GatehouseEnvOptions {
  /** Apply Gatehouse's pending migrations (and `database.migrations`) at start (default true). */
  migrationsRun?: boolean;
  /**
   * The host's own tables on Gatehouse's connection: `entities` join the data source (so a host module can
   * `TypeOrmModule.forFeature([...])` them), `migrations` run after Gatehouse's, in the same migrations table.
   */
  database?: {
    entities?: Array<new () => unknown>;
    migrations?: HostMigrations;
  };
  users?: {
    /** Shapes the user JSON wherever it is returned; default: the user JSON of docs/http-contract.md §7. */
    present?: UserPresentFn;
    /**
     * Extra user fields stored in columns the host's own migration adds to `users`; validated where `input`
     * allows them, returned in the default user JSON, and on `user.fields` for `present`.
     */
    fields?: UserFieldDefinitions;
  };
  teams?: GatehouseTeams;
  /** Shapes the login, registration and logout answers (body only); default: the answers of docs/http-contract.md §3–§4. */
  responses?: GatehouseResponses;
  /** Which route families are mounted, and where the token routes live; default: all, as the standalone server. */
  routes?: GatehouseRouteFamilies;
  tokens?: {
    /**
     * The token name when `POST login` / `POST register` come without `device_name`; default: none, so
     * `device_name` is required (Sanctum's mobile login).
     */
    defaultDeviceName?: string;
    /**
     * A session logout (`POST /logout`, or `POST /api/logout` with the session) also revokes every API token of the
     * user, before the session ends (a Laravel app's `$user->tokens()->delete()` in its logout); default false.
     */
    revokeOnSessionLogout?: boolean;
  };
  messages?: {
    /**
     * What a wrong email or password answers at every login (422 `errors.email` and `message`); default Laravel's
     * `auth.failed`, "These credentials do not match our records."
     */
    failedLogin?: string;
  };
}

/** Teams (XetaSuite's sites): the host's extra team columns, and where the team switch route lives. */
export interface GatehouseTeams {
  /**
   * Extra team fields stored in columns the host's own migration adds to `teams`; validated where `input` allows
   * them (`create`: POST /api/teams, `update`: PUT /api/teams/:id), returned in the team JSON, on the user's teams.
   */
  fields?: TeamFieldDefinitions;
  /**
   * The switch route: default `PATCH <apiPrefix>/user/current-team {team_id}`; `false`: not mounted. Fixed when the
   * module is composed (forRootAsync takes it next to `routes`).
   */
  switch?: TeamSwitchOptions | false;
}

/**
 * Route families; each is mounted unless `false`. Web routes live under `authRoutePrefix`, API routes under
 * `apiPrefix`; the token routes (`login`, `register`, `logout`, `two-factor-challenge` for tokens, `tokens…`)
 * under `tokens.prefix`, default `apiPrefix`. `GET /sanctum/csrf-cookie` comes with the web routes.
 */
export interface GatehouseRouteFamilies {
  web?: boolean;
  /**
   * `{ verified: true }`: mounted, and behind Laravel's `verified` as a group (`GET /api/user`, the RBAC and admin
   * routes): a signed-in caller needs a verified email there, with MUST_VERIFY_EMAIL=true, as `@Verified()`.
   */
  api?: boolean | { verified?: boolean };
  tokens?: boolean | { prefix?: string };
}

/** Route prefixes must be known when the module is composed, before an async factory has run. */
export interface GatehouseRoutePrefixes {
  authRoutePrefix?: string;
  apiPrefix?: string;
}

export interface GatehouseAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => GatehouseOptions | Promise<GatehouseOptions>;
  /** Defaults: '' and 'api', every family mounted; the factory's options must agree (checked at start). */
  routes?: GatehouseRoutePrefixes & GatehouseRouteFamilies;
  /** `teams.switch`, needed before the factory runs; the factory's `teams.switch`, if given, must agree. */
  teams?: Pick<GatehouseTeams, 'switch'>;
}

export const GATEHOUSE_OPTIONS = Symbol('GATEHOUSE_OPTIONS');
