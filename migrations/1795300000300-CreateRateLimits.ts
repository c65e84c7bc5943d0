import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRateLimits1795300000300 implements MigrationInterface {
  name = 'CreateRateLimits1795300000300';

  async up(q: QueryRunner): Promise<void> {
    // `key` is the sha256 hex of the limiter key: the raw keys hold emails and IP addresses.
    await q.query(`
      CREATE TABLE rate_limits (
        key varchar(255) NOT NULL,
        attempts integer NOT NULL,
        reset_at timestamptz NOT NULL,
        CONSTRAINT pk_rate_limits PRIMARY KEY (key)
      )`);
    // Lets the periodic prune find expired windows without scanning every key.
    await q.query('CREATE INDEX idx_rate_limits_reset_at ON rate_limits (reset_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limits');
  }
}
