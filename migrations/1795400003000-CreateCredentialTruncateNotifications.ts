import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * TRUNCATE fires no row trigger, so the triggers of CreateCredentialChangeNotifications stay silent
 * and other instances would keep serving the emptied table's credentials from their caches. These
 * statement-level triggers send `<kind>:*`: every instance drops all it holds for that table.
 */
export class CreateCredentialTruncateNotifications1795400003000 implements MigrationInterface {
  name = 'CreateCredentialTruncateNotifications1795400003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_credential_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gatehouse_credentials', TG_ARGV[0] || ':*');
        RETURN NULL;
      END
      $$`);
    for (const [table, kind] of TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_notify_truncate AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_credential_truncate('${kind}')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of TABLES) await q.query(`DROP TRIGGER ${table}_notify_truncate ON ${table}`);
    await q.query('DROP FUNCTION notify_credential_truncate()');
  }
}

const TABLES = [
  ['users', 'user'],
  ['sessions', 'session'],
  ['personal_access_tokens', 'token'],
] as const;
