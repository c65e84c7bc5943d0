import { MigrationInterface, QueryRunner } from 'typeorm';

/** An account created by a social login has no password until the user sets one through the reset flow. */
export class AllowNullUserPasswords1795500100000 implements MigrationInterface {
  name = 'AllowNullUserPasswords1795500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ALTER COLUMN password DROP NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    // A passwordless account gets a value no password matches (bcrypt never produces it).
    await q.query(`UPDATE users SET password = '!' WHERE password IS NULL`);
    await q.query('ALTER TABLE users ALTER COLUMN password SET NOT NULL');
  }
}
