import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A token minted with another token (POST /api/tokens by a token caller) records its parent, and
 * goes with it: revoking, logging out or pruning the parent deletes its children (and theirs). The
 * delete of each child fires the credential-change trigger, so every instance drops it from its cache.
 */
export class AddParentIdToPersonalAccessTokens1795400001000 implements MigrationInterface {
  name = 'AddParentIdToPersonalAccessTokens1795400001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE personal_access_tokens
        ADD COLUMN parent_id bigint NULL,
        ADD CONSTRAINT fk_personal_access_tokens_parent_id
          FOREIGN KEY (parent_id) REFERENCES personal_access_tokens (id) ON DELETE CASCADE`);
    await q.query('CREATE INDEX idx_personal_access_tokens_parent_id ON personal_access_tokens (parent_id) WHERE parent_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_personal_access_tokens_parent_id');
    await q.query('ALTER TABLE personal_access_tokens DROP CONSTRAINT fk_personal_access_tokens_parent_id, DROP COLUMN parent_id');
  }
}
