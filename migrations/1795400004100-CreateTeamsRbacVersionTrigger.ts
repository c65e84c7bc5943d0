import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The users' teams (name and the host's `teams.fields`) are cached with their access, so a write to `teams`
 * outside Gatehouse (the host's own code, psql) must drop that cache like a write to the other RBAC tables:
 * the same statement-level trigger as migration CreateRbacVersionTriggers, on `teams`.
 */
export class CreateTeamsRbacVersionTrigger1795400004100 implements MigrationInterface {
  name = 'CreateTeamsRbacVersionTrigger1795400004100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER teams_bump_rbac_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
      FOR EACH STATEMENT EXECUTE FUNCTION bump_rbac_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER teams_bump_rbac_version ON teams');
  }
}
