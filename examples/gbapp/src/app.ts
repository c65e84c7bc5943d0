import { Module } from '@nestjs/common';
import { ConfigError, GatehouseApp, GatehouseModule, GatehouseOptions, gatehouseOptionsFromEnv } from 'gatehouse';
import { demoSeedCommand } from './demo/demo-seed.command';
import { AddGbAppUserColumns1796190000000 } from './migrations/1796190000000-AddGbAppUserColumns';
import { LaravelDateFormat, laravelDateFormat } from './users/laravel-date';
import { gbUserPresenter } from './users/present-user';
import { GB_USER_FIELDS } from './users/user-fields';

/** APP_TIMEZONE as Laravel's config('app.timezone'): the zone dates are written in; UTC by default. */
function dateFormatFrom(env: Record<string, string | undefined>): LaravelDateFormat {
  const zone = env.APP_TIMEZONE || 'UTC';
  try {
    return laravelDateFormat(zone);
  } catch {
    throw new ConfigError([`APP_TIMEZONE must be an IANA time zone (e.g. UTC, America/Bogota), got "${zone}"`]);
  }
}

/**
 * GB App: a Jetstream app (session login at /login) whose clients call `GET /api/user` with a bearer token,
 * behind `auth:sanctum` + `verified`; logging out of the web session also revokes the user's API tokens.
 */
export const gbapp: GatehouseApp = {
  options(env) {
    const base = gatehouseOptionsFromEnv(env);
    return {
      ...base,
      // The User model implements MustVerifyEmail: `verified` bites.
      mustVerifyEmail: true,
      routes: { api: { verified: true } },
      // Its logout "invalidates the session and revokes API tokens", before the 204 (a failure fails the logout).
      tokens: { revokeOnSessionLogout: true },
      database: { migrations: [AddGbAppUserColumns1796190000000] },
      users: { fields: GB_USER_FIELDS, present: gbUserPresenter(base.appUrl, dateFormatFrom(env)) },
    };
  },
  module(options: GatehouseOptions) {
    @Module({ imports: [GatehouseModule.forRoot(options)] })
    class GbAppModule {}
    return GbAppModule;
  },
  commands: [demoSeedCommand],
};
