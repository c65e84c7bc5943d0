import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LDAP sign-in: which users authenticate against the directory (password NULL), the directory's stable id they
 * are matched by (a DN changes on rename), and when the directory sync disabled them. `is_ldap_user` may already
 * exist as a host column (Laravel apps with an LDAP package have one), hence IF NOT EXISTS.
 */
export class AddLdapUserColumns1795500200000 implements MigrationInterface {
  name = 'AddLdapUserColumns1795500200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN IF NOT EXISTS is_ldap_user boolean NOT NULL DEFAULT false,
        ADD COLUMN ldap_guid varchar(255),
        ADD COLUMN ldap_dn varchar(1024),
        ADD COLUMN disabled_at timestamptz`);
    await q.query('CREATE UNIQUE INDEX uq_users_ldap_guid ON users (ldap_guid) WHERE ldap_guid IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX uq_users_ldap_guid');
    await q.query('ALTER TABLE users DROP COLUMN disabled_at, DROP COLUMN ldap_dn, DROP COLUMN ldap_guid, DROP COLUMN is_ldap_user');
  }
}
