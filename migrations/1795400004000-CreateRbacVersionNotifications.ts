import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every move of rbac_version also NOTIFYs `rbac:<version>` on the channel the credential caches
 * listen to, so each instance drops its access cache the moment an RBAC change commits instead of
 * polling the version. One row trigger on the version covers both writers: the app's own RBAC
 * transactions (which bump it themselves) and outside writes to the RBAC tables (bumped by the
 * statement triggers of CreateRbacVersionTriggers, TRUNCATE included). A manual
 * `UPDATE rbac_version SET version = version + 1` is thus a way to flush every instance's access
 * cache. The version itself stays: it still orders concurrent changes, and a NOTIFY is delivered at
 * commit, so a rolled-back change tells no one.
 */
export class CreateRbacVersionNotifications1795400004000 implements MigrationInterface {
  name = 'CreateRbacVersionNotifications1795400004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_rbac_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gatehouse_credentials', 'rbac:' || NEW.version::text);
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER rbac_version_notify_change AFTER INSERT OR UPDATE ON rbac_version
      FOR EACH ROW EXECUTE FUNCTION notify_rbac_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER rbac_version_notify_change ON rbac_version');
    await q.query('DROP FUNCTION notify_rbac_version()');
  }
}
