import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * spatie/laravel-permission with teams, as plain pivots instead of polymorphic model_has_* tables.
 * A null team_id means "global": a global role exists in every team, and a global assignment
 * applies in every team (docs/http-contract.md §10.10). Role names are unique per scope, null being one scope.
 */
export class CreateRbacTables1795300003000 implements MigrationInterface {
  name = 'CreateRbacTables1795300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE teams (
        id bigint GENERATED ALWAYS AS IDENTITY,
        name varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_teams PRIMARY KEY (id),
        CONSTRAINT uq_teams_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE permissions (
        id bigint GENERATED ALWAYS AS IDENTITY,
        name varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_permissions PRIMARY KEY (id),
        CONSTRAINT uq_permissions_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE roles (
        id bigint GENERATED ALWAYS AS IDENTITY,
        team_id bigint NULL,
        name varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_roles PRIMARY KEY (id),
        CONSTRAINT uq_roles_team_id_name UNIQUE NULLS NOT DISTINCT (team_id, name),
        CONSTRAINT fk_roles_team_id FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE role_permissions (
        role_id bigint NOT NULL,
        permission_id bigint NOT NULL,
        CONSTRAINT pk_role_permissions PRIMARY KEY (role_id, permission_id),
        CONSTRAINT fk_role_permissions_role_id FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE,
        CONSTRAINT fk_role_permissions_permission_id FOREIGN KEY (permission_id) REFERENCES permissions (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE INDEX idx_role_permissions_permission_id ON role_permissions (permission_id)');
    await this.createAssignments(q, 'user_roles', 'role_id', 'roles');
    await this.createAssignments(q, 'user_permissions', 'permission_id', 'permissions');
    await q.query(`
      ALTER TABLE users ADD CONSTRAINT fk_users_current_team_id
        FOREIGN KEY (current_team_id) REFERENCES teams (id) ON DELETE SET NULL`);
    // One row, bumped in the same transaction as every RBAC change: each instance polls it to
    // drop its in-process access cache (cross-instance invalidation that works on PGlite too).
    await q.query(`
      CREATE TABLE rbac_version (
        id smallint NOT NULL DEFAULT 1,
        version bigint NOT NULL DEFAULT 0,
        CONSTRAINT pk_rbac_version PRIMARY KEY (id),
        CONSTRAINT ck_rbac_version_single_row CHECK (id = 1)
      )`);
    await q.query('INSERT INTO rbac_version (id, version) VALUES (1, 0)');
  }

  /** user_roles / user_permissions: a user holds a role or permission globally (team_id null) or in one team. */
  private async createAssignments(q: QueryRunner, table: string, column: string, target: string): Promise<void> {
    await q.query(`
      CREATE TABLE ${table} (
        user_id bigint NOT NULL,
        ${column} bigint NOT NULL,
        team_id bigint NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_${table}_user_id_${column}_team_id UNIQUE NULLS NOT DISTINCT (user_id, ${column}, team_id),
        CONSTRAINT fk_${table}_user_id FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT fk_${table}_${column} FOREIGN KEY (${column}) REFERENCES ${target} (id) ON DELETE CASCADE,
        CONSTRAINT fk_${table}_team_id FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX idx_${table}_${column} ON ${table} (${column})`);
    await q.query(`CREATE INDEX idx_${table}_team_id ON ${table} (team_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP CONSTRAINT fk_users_current_team_id');
    await q.query('DROP TABLE rbac_version');
    await q.query('DROP TABLE user_permissions');
    await q.query('DROP TABLE user_roles');
    await q.query('DROP TABLE role_permissions');
    await q.query('DROP TABLE roles');
    await q.query('DROP TABLE permissions');
    await q.query('DROP TABLE teams');
  }
}
