import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GB App's own user columns (its `users.fields`), beside Gatehouse's; Jetstream's `profile_photo_path` too.
 * `is_ldap_user` is Gatehouse's since its LDAP migration (which runs first on a fresh database); on a database
 * where this migration added it earlier, Gatehouse's migration keeps it. Either way it is not dropped here.
 */
export class AddGbAppUserColumns1796190000000 implements MigrationInterface {
  name = 'AddGbAppUserColumns1796190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN username varchar(255),
        ADD COLUMN type varchar(50) NOT NULL DEFAULT 'customer',
        ADD COLUMN codigo_vendedor varchar(20),
        ADD COLUMN cedula varchar(20),
        ADD COLUMN IF NOT EXISTS is_ldap_user boolean NOT NULL DEFAULT false,
        ADD COLUMN profile_photo_path varchar(2048)`);
    await q.query('CREATE UNIQUE INDEX uq_users_username ON users (lower(username))');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX uq_users_username');
    await q.query(`
      ALTER TABLE users
        DROP COLUMN profile_photo_path,
        DROP COLUMN cedula,
        DROP COLUMN codigo_vendedor,
        DROP COLUMN type,
        DROP COLUMN username`);
  }
}
