import type { GatehouseRouteFamilies, GatehouseRoutePrefixes } from './gatehouse.options';
import { TeamSwitchOptions, TeamSwitchRoute, teamSwitchRouteOf } from './rbac/team-switch';

/** Where each route family is mounted (`null`: not mounted); fixed when the module is composed. */
export interface RouteLayout {
  web: string | null;
  api: string | null;
  tokens: string | null;
  /** The team switch route under `api` (`teams.switch`); null: not mounted. */
  teamSwitch: TeamSwitchRoute | null;
}

const trimSlashes = (prefix: string): string => prefix.replace(/^\/+|\/+$/g, '');

/** Defaults: every family mounted, web under '', API and token routes under 'api' (the standalone server). */
export function routeLayoutOf(routes: GatehouseRoutePrefixes & GatehouseRouteFamilies, teamSwitch?: TeamSwitchOptions | false): RouteLayout {
  const apiPrefix = trimSlashes(routes.apiPrefix ?? 'api');
  const tokens = routes.tokens ?? true;
  return {
    web: routes.web === false ? null : trimSlashes(routes.authRoutePrefix ?? ''),
    api: routes.api === false ? null : apiPrefix,
    tokens: tokens === false ? null : trimSlashes((tokens === true ? undefined : tokens.prefix) ?? apiPrefix),
    teamSwitch: teamSwitchRouteOf(teamSwitch),
  };
}
