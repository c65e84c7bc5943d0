import { EntityManager } from 'typeorm';

/** A Sanctum personal access token row: `token` is the SHA-256 hex of the secret, as we store it. */
export interface ImportedTokenRow {
  id: number;
  userId: number;
  name: string;
  token: string;
  abilities: string[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ExistingToken {
  id: number;
  token: string;
}

/** Tokens that share an id or a hash with the given ones. */
export async function findTokensLike(manager: EntityManager, ids: number[], hashes: string[]): Promise<ExistingToken[]> {
  const rows: Array<{ id: string; token: string }> = await manager.query(
    'SELECT id, token FROM personal_access_tokens WHERE id = ANY($1::bigint[]) OR token = ANY($2::text[])',
    [ids, hashes],
  );
  return rows.map((row) => ({ id: Number(row.id), token: row.token }));
}

/** Inserts the tokens not there yet, ids kept; returns the ids inserted. */
export async function insertImportedTokens(manager: EntityManager, tokens: ImportedTokenRow[]): Promise<number[]> {
  if (tokens.length === 0) return [];
  const rows: Array<{ id: string }> = await manager.query(
    `INSERT INTO personal_access_tokens (id, user_id, name, token, abilities, last_used_at, expires_at, created_at, updated_at)
     OVERRIDING SYSTEM VALUE
     SELECT r.id, r.user_id, r.name, r.token, r.abilities, r.last_used_at, r.expires_at, coalesce(r.created_at, now()), coalesce(r.updated_at, now())
       FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, user_id bigint, name text, token text, abilities jsonb,
            last_used_at timestamptz, expires_at timestamptz, created_at timestamptz, updated_at timestamptz)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      JSON.stringify(
        tokens.map((t) => ({
          id: t.id,
          user_id: t.userId,
          name: t.name,
          token: t.token,
          abilities: t.abilities,
          last_used_at: t.lastUsedAt,
          expires_at: t.expiresAt,
          created_at: t.createdAt,
          updated_at: t.updatedAt,
        })),
      ),
    ],
  );
  return rows.map((row) => Number(row.id));
}

export async function moveTokenIdsPastImported(manager: EntityManager, largestSourceId: number): Promise<void> {
  await manager.query(
    `SELECT setval(pg_get_serial_sequence('personal_access_tokens', 'id'), greatest((SELECT coalesce(max(id), 0) FROM personal_access_tokens), $1::bigint) + 1, false)`,
    [largestSourceId],
  );
}
