import { EntityManager } from 'typeorm';

/**
 * Tells the database triggers on the RBAC tables (migration CreateRbacVersionTriggers) that this
 * transaction bumps the version itself, or needs no bump: they bump it only for outside writers.
 */
export async function manageRbacVersion(manager: EntityManager): Promise<void> {
  await manager.query("SELECT set_config('gatehouse.rbac_version_managed', 'on', true)");
}

/**
 * Inside the transaction of every RBAC change; returns the new version. Its trigger (migration
 * CreateRbacVersionNotifications) NOTIFYs `rbac:<version>` at commit, which clears the access cache
 * of every instance. The row lock also orders concurrent changes, so every smaller version has
 * committed once this one has.
 */
export async function bumpRbacVersion(manager: EntityManager): Promise<number> {
  // An upsert, so a truncated table (test resets, a careless restore) cannot silently stop invalidation.
  const rows: Array<{ version: number | string }> = await manager.query(
    `INSERT INTO rbac_version (id, version) VALUES (1, 1)
     ON CONFLICT (id) DO UPDATE SET version = rbac_version.version + 1 RETURNING version`,
  );
  return Number(rows[0].version);
}
