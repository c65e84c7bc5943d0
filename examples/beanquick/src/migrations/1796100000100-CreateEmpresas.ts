import { MigrationInterface, QueryRunner } from 'typeorm';

/** The business profile of an `empresa` user: at most one per user, gone with the user. */
export class CreateEmpresas1796100000100 implements MigrationInterface {
  name = 'CreateEmpresas1796100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE empresas (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_id bigint NOT NULL,
        nombre varchar(255) NOT NULL,
        nit varchar(50) NULL,
        telefono varchar(50) NULL,
        direccion varchar(255) NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_empresas PRIMARY KEY (id),
        CONSTRAINT uq_empresas_user UNIQUE (user_id),
        CONSTRAINT fk_empresas_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE empresas');
  }
}
