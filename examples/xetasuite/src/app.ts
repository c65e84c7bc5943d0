import { Module } from '@nestjs/common';
import { GatehouseApp, GatehouseModule, GatehouseOptions, gatehouseOptionsFromEnv } from 'gatehouse';
import { demoSeedCommand } from './demo-seed.command';
import { LocaleController } from './locale.controller';
import { AddSiteAndNameColumns1796190000000 } from './migrations/1796190000000-AddSiteAndNameColumns';
import { presentXetaUser, xetaUserFields } from './user.presenter';

/**
 * XetaSuite: a maintenance-management SPA on Sanctum's cookies (no token routes). Its sites are Gatehouse teams:
 * a user's roles and permissions are those of its current site.
 */
export const xetasuite: GatehouseApp = {
  options: (env): GatehouseOptions => ({
    ...gatehouseOptionsFromEnv(env),
    authRoutePrefix: 'api/v1/auth',
    apiPrefix: 'api/v1',
    routes: { tokens: false },
    database: { migrations: [AddSiteAndNameColumns1796190000000] },
    users: { fields: xetaUserFields, present: presentXetaUser },
    teams: {
      fields: { is_headquarters: { type: 'boolean', input: { create: true, update: true } } },
      switch: { path: 'user/site', field: 'site_id' },
    },
    messages: { failedLogin: 'The provided credentials are incorrect.' },
  }),
  module(options: GatehouseOptions) {
    @Module({ imports: [GatehouseModule.forRoot(options)], controllers: [LocaleController] })
    class XetaSuiteModule {}
    return XetaSuiteModule;
  },
  commands: [demoSeedCommand],
};
