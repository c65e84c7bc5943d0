import type { INestApplicationContext } from '@nestjs/common';
import { GatehouseCliCommand, GatehouseRbac, GatehouseUsers } from 'gatehouse';

const PASSWORD = 'password';

/** Two sites, the headquarters first: the site a new account starts in. */
const SITES = [
  { name: 'Headquarters', is_headquarters: true },
  { name: 'Lyon Plant', is_headquarters: false },
];

/** Global roles, assigned per site: what a user may do depends on the site it works in. */
const ROLES: Record<string, string[]> = {
  admin: ['company.viewAny', 'company.view', 'company.create', 'company.update', 'site.viewAny', 'site.view', 'site.update', 'material.viewAny', 'material.view', 'material.create', 'material.update'],
  manager: ['company.viewAny', 'company.view', 'material.viewAny', 'material.view', 'material.create', 'material.update'],
  operator: ['material.viewAny', 'material.view'],
};

interface DemoAccount {
  first_name: string;
  last_name: string;
  username: string;
  email: string;
  /** The role held in each site, by site name. */
  roles: Record<string, string>;
}

const ACCOUNTS: DemoAccount[] = [
  { first_name: 'Ada', last_name: 'Admin', username: 'aadmin', email: 'admin@xetasuite.test', roles: { Headquarters: 'admin', 'Lyon Plant': 'admin' } },
  { first_name: 'John', last_name: 'Doe', username: 'jdoe', email: 'john@xetasuite.test', roles: { Headquarters: 'manager', 'Lyon Plant': 'operator' } },
];

async function seed(app: INestApplicationContext) {
  const rbac = app.get(GatehouseRbac);
  const users = app.get(GatehouseUsers);
  const sites = [];
  for (const { name, ...fields } of SITES) sites.push(await rbac.ensureTeam(name, fields));
  for (const [role, permissions] of Object.entries(ROLES)) await rbac.ensureRole(role, permissions);
  const accounts = [];
  for (const { roles, first_name, last_name, username, email } of ACCOUNTS) {
    const name = `${first_name} ${last_name}`;
    const user = (await users.findByEmail(email)) ?? (await users.create({ name, email, password: PASSWORD, verified: true, fields: { first_name, last_name, username } }));
    for (const site of sites) await rbac.assignRole(user.id, roles[site.name], site.id);
    const current = user.currentTeamId ?? (await rbac.switchTeam(user.id, sites[0].id)).currentTeamId;
    accounts.push({
      email,
      password: PASSWORD,
      roles: [...new Set(Object.values(roles))],
      current_site_id: current,
      sites: sites.map((site) => ({ id: site.id, name: site.name, is_headquarters: site.is_headquarters, roles: [roles[site.name]] })),
    });
  }
  return { accounts };
}

/** `demo:seed`: XetaSuite's demo sites and accounts (idempotent); prints them as one JSON object. */
export const demoSeedCommand: GatehouseCliCommand = {
  name: 'demo:seed',
  usage: '',
  description: 'Create the demo sites, roles and accounts (idempotent) and print the accounts as JSON',
  needs: 'app',
  async run(ctx) {
    ctx.out(JSON.stringify(await seed(ctx.app)));
  },
};
