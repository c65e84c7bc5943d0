import { DataSource, EntityManager } from 'typeorm';
import { GatehouseAccess, GatehouseCliCommand, GatehouseCliContext, GatehouseRbac, GatehouseUsers } from 'gatehouse';
import { DEMO_ACCOUNTS, DEMO_TRACKS, LISTENER_LIKES } from './demo-data';

async function ensureAccount(ctx: GatehouseCliContext, account: (typeof DEMO_ACCOUNTS)[number]): Promise<number> {
  const users = ctx.app.get(GatehouseUsers);
  const user =
    (await users.findByEmail(account.email)) ??
    (await users.create({ name: account.name, email: account.email, password: account.password, verified: true }));
  if (account.admin) await ctx.app.get(GatehouseRbac).assignRole(user.id, 'admin');
  return user.id;
}

async function seedCatalogue(manager: EntityManager, listenerId: number): Promise<void> {
  for (const track of DEMO_TRACKS) {
    await manager.query(
      `INSERT INTO tracks (title, artist, duration_seconds)
       SELECT $1::varchar, $2::varchar, $3::int WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE title = $1 AND artist = $2)`,
      [track.title, track.artist, track.duration_seconds],
    );
  }
  await manager.query(
    `INSERT INTO track_likes (user_id, track_id) SELECT $1, id FROM tracks WHERE title = ANY($2::text[]) ON CONFLICT DO NOTHING`,
    [listenerId, [...LISTENER_LIKES]],
  );
}

/** `demo:seed`: the roles, the demo accounts and the catalogue, idempotently; prints the accounts as one JSON object. */
export const demoSeedCommand: GatehouseCliCommand = {
  name: 'demo:seed',
  usage: '',
  description: 'Create the BeatPass demo accounts and tracks (idempotent); prints the accounts as JSON',
  needs: 'app',
  async run(ctx) {
    await ctx.app.get(GatehouseRbac).seedDefaults();
    const ids = [];
    for (const account of DEMO_ACCOUNTS) ids.push(await ensureAccount(ctx, account));
    const listenerId = ids[DEMO_ACCOUNTS.findIndex((account) => !account.admin)];
    await ctx.app.get(DataSource, { strict: false }).transaction((manager) => seedCatalogue(manager, listenerId));
    const access = ctx.app.get(GatehouseAccess);
    const accounts = [];
    for (const [index, account] of DEMO_ACCOUNTS.entries()) {
      const { roles } = await access.accessOf(ids[index]);
      accounts.push({ email: account.email, password: account.password, roles });
    }
    ctx.out(JSON.stringify({ accounts }));
  },
};
