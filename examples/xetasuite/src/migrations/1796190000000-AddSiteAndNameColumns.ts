import { MigrationInterface, QueryRunner } from 'typeorm';

/** XetaSuite's columns on Gatehouse's tables: a user's first and last name and username; a site's headquarters flag. */
export class AddSiteAndNameColumns1796190000000 implements MigrationInterface {
  name = 'AddSiteAndNameColumns1796190000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE users
        ADD COLUMN first_name varchar(255) NULL,
        ADD COLUMN last_name varchar(255) NULL,
        ADD COLUMN username varchar(255) NULL`);
    await runner.query('CREATE UNIQUE INDEX uq_users_username ON users (lower(username))');
    await runner.query('ALTER TABLE teams ADD COLUMN is_headquarters boolean NOT NULL DEFAULT false');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE teams DROP COLUMN is_headquarters');
    await runner.query('DROP INDEX uq_users_username');
    await runner.query('ALTER TABLE users DROP COLUMN username, DROP COLUMN last_name, DROP COLUMN first_name');
  }
}
