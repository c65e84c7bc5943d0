import { GatehouseAccess, GatehouseCliCommand, GatehouseCliContext, GatehouseRbac, GatehouseUsers } from 'gatehouse';
import { DEMO_ACCOUNTS, DEMO_ROLES } from './demo-data';

async function ensureAccount(ctx: GatehouseCliContext, account: (typeof DEMO_ACCOUNTS)[number]): Promise<number> {
  const users = ctx.app.get(GatehouseUsers);
  const { name, email, password, verified, fields } = account;
  const user = (await users.findByEmail(email)) ?? (await users.create({ name, email, password, verified, fields }));
  for (const role of account.roles) await ctx.app.get(GatehouseRbac).assignRole(user.id, role);
  return user.id;
}

/** `demo:seed`: GB App's roles and demo accounts, idempotently; prints the accounts as one JSON object. */
export const demoSeedCommand: GatehouseCliCommand = {
  name: 'demo:seed',
  usage: '',
  description: 'Create the GB App demo roles and accounts (idempotent); prints the accounts as JSON',
  needs: 'app',
  async run(ctx) {
    for (const role of DEMO_ROLES) await ctx.app.get(GatehouseRbac).ensureRole(role.name, [...role.permissions]);
    const access = ctx.app.get(GatehouseAccess);
    const accounts = [];
    for (const account of DEMO_ACCOUNTS) {
      const id = await ensureAccount(ctx, account);
      const { roles } = await access.accessOf(id);
      accounts.push({ email: account.email, password: account.password, verified: account.verified, roles, username: account.fields.username });
    }
    ctx.out(JSON.stringify({ accounts }));
  },
};
