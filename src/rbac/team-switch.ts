/** The host's `teams.switch` option: where Jetstream's "switch team" lives and what its body field is called. */
export interface TeamSwitchOptions {
  /** Under the API prefix; default 'user/current-team'. */
  path?: string;
  /** The body field holding the team id (snake_case, as Laravel derives `The site id field…` from `site_id`); default 'team_id'. */
  field?: string;
  method?: 'PATCH' | 'PUT';
}

export type TeamSwitchRoute = Required<TeamSwitchOptions>;

export const DEFAULT_TEAM_SWITCH: TeamSwitchRoute = Object.freeze({ path: 'user/current-team', field: 'team_id', method: 'PATCH' });

const FIELD = /^[a-z_][a-z0-9_]*$/;
/** Literal segments only: a parameter (`:id`) or wildcard would never be filled. */
const PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

/** The mounted route (null: `false`, not mounted), checked once when the module is composed. */
export function teamSwitchRouteOf(option: TeamSwitchOptions | false | undefined): TeamSwitchRoute | null {
  if (option === false) return null;
  const route = { ...DEFAULT_TEAM_SWITCH, ...option };
  route.path = typeof route.path === 'string' ? route.path.replace(/^\/+|\/+$/g, '') : route.path;
  if (typeof route.path !== 'string' || !PATH.test(route.path)) throw new Error('Gatehouse: teams.switch.path must be a path of literal segments, e.g. "user/site"');
  if (typeof route.field !== 'string' || !FIELD.test(route.field)) throw new Error(`Gatehouse: teams.switch.field must match ${FIELD}`);
  if (route.method !== 'PATCH' && route.method !== 'PUT') throw new Error("Gatehouse: teams.switch.method must be 'PATCH' or 'PUT'");
  return route;
}
