import { MigrationInterface, QueryRunner } from 'typeorm';

/** BeanQuick's single role per user, a column on Gatehouse's `users` (registrations default to `cliente`). */
export class AddRoleToUsers1796100000000 implements MigrationInterface {
  name = 'AddRoleToUsers1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN role varchar(20) NOT NULL DEFAULT 'cliente'
        CONSTRAINT ck_users_role CHECK (role IN ('cliente', 'empresa', 'admin'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP COLUMN role');
  }
}
