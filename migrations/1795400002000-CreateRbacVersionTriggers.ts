import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['roles', 'permissions', 'role_permissions', 'user_roles', 'user_permissions'];

/**
 * Every instance drops its RBAC access cache when rbac_version moves. The app bumps it inside its
 * own RBAC transactions; these statement-level triggers bump it for every other write to the RBAC
 * tables too (psql, a restore, another tool), TRUNCATE included, so no change outlives one poll.
 * A transaction that bumps the version itself, or needs no bump (a new user's default role), says
 * so with the transaction-local setting gatehouse.rbac_version_managed = 'on', and the triggers
 * stay quiet: app changes bump once, and registrations do not serialise on the version row.
 */
export class CreateRbacVersionTriggers1795400002000 implements MigrationInterface {
  name = 'CreateRbacVersionTriggers1795400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION bump_rbac_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('gatehouse.rbac_version_managed', true), '') <> 'on' THEN
          INSERT INTO rbac_version (id, version) VALUES (1, 1)
          ON CONFLICT (id) DO UPDATE SET version = rbac_version.version + 1;
        END IF;
        RETURN NULL;
      END
      $$`);
    for (const table of TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_bump_rbac_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION bump_rbac_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await q.query(`DROP TRIGGER ${table}_bump_rbac_version ON ${table}`);
    await q.query('DROP FUNCTION bump_rbac_version()');
  }
}
