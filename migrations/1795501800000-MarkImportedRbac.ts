import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * import:laravel marks the roles and permissions it creates, so a later run can tell them from
 * this app's own: a Laravel role or permission that only shares a name with a local one is not
 * merged into it (that would hand Gatehouse privileges to imported users) unless asked to.
 */
export class MarkImportedRbac1795501800000 implements MigrationInterface {
  name = 'MarkImportedRbac1795501800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE roles ADD COLUMN imported_at timestamptz NULL');
    await q.query('ALTER TABLE permissions ADD COLUMN imported_at timestamptz NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE permissions DROP COLUMN imported_at');
    await q.query('ALTER TABLE roles DROP COLUMN imported_at');
  }
}
