import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance caches verified sessions, tokens and users; these triggers tell all of them
 * (LISTEN gatehouse_credentials) the moment a row changes, whoever changed it. Notifications are
 * delivered at commit, so a rolled-back change tells no one. tokens.last_used_at is left out so it
 * does not churn the caches; a session's sliding expires_at is in (a touch, at most once a minute,
 * reloads that session once), so an operator can expire sessions by hand.
 */
export class CreateCredentialChangeNotifications1795300005000 implements MigrationInterface {
  name = 'CreateCredentialChangeNotifications1795300005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_credential_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('gatehouse_credentials', TG_ARGV[0] || ':' || OLD.id::text);
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER users_notify_change AFTER UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_credential_change('user')`);
    await q.query(`
      CREATE TRIGGER sessions_notify_change AFTER UPDATE OF user_id, payload, remember, expires_at OR DELETE ON sessions
      FOR EACH ROW EXECUTE FUNCTION notify_credential_change('session')`);
    await q.query(`
      CREATE TRIGGER personal_access_tokens_notify_change
      AFTER UPDATE OF user_id, token, abilities, expires_at, password_confirmed_at OR DELETE ON personal_access_tokens
      FOR EACH ROW EXECUTE FUNCTION notify_credential_change('token')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER personal_access_tokens_notify_change ON personal_access_tokens');
    await q.query('DROP TRIGGER sessions_notify_change ON sessions');
    await q.query('DROP TRIGGER users_notify_change ON users');
    await q.query('DROP FUNCTION notify_credential_change()');
  }
}
