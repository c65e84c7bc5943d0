import type { EntityManager } from 'typeorm';
import { findTokensLike, ImportedTokenRow } from '../tokens/token-import.writer';
import type { LaravelToken } from './laravel-source';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const LOOKUP_CHUNK = 1000;

export interface TokensPlan {
  rows: ImportedTokenRow[];
  found: number;
  skipped: number;
  problems: string[];
}

/** Sanctum keeps abilities as a JSON list; null (never set) grants nothing. */
function abilitiesOf(token: LaravelToken): string[] | null {
  if (token.abilities === null) return [];
  try {
    const parsed: unknown = JSON.parse(token.abilities);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

async function tokenClashes(manager: EntityManager, tokens: LaravelToken[]): Promise<Map<number, string>> {
  const clashes = new Map<number, string>();
  for (let i = 0; i < tokens.length; i += LOOKUP_CHUNK) {
    const chunk = tokens.slice(i, i + LOOKUP_CHUNK);
    const existing = await findTokensLike(manager, chunk.map((t) => t.id), chunk.map((t) => t.token));
    for (const token of chunk) {
      const sameId = existing.find((e) => e.id === token.id);
      const sameHash = existing.find((e) => e.token === token.token);
      if (sameId && sameId.token !== token.token) clashes.set(token.id, `id ${token.id} belongs to another token here`);
      else if (sameHash && sameHash.id !== token.id) clashes.set(token.id, `the same secret is token ${sameHash.id} here`);
    }
  }
  return clashes;
}

/**
 * One page of tokens: those of the user class whose user is here (`accepted`); other tokenable types
 * are counted into `otherTypes`, reported once per type at the end (otherTypeProblems).
 */
export async function planTokens(
  manager: EntityManager,
  tokens: LaravelToken[],
  accepted: Map<number, string>,
  userModel: string,
  otherTypes: Map<string, number>,
): Promise<TokensPlan> {
  const plan: TokensPlan = { rows: [], found: tokens.length, skipped: 0, problems: [] };
  const clashes = await tokenClashes(manager, tokens);
  for (const token of tokens) {
    if (token.tokenableType !== userModel) {
      otherTypes.set(token.tokenableType, (otherTypes.get(token.tokenableType) ?? 0) + 1);
      plan.skipped += 1;
      continue;
    }
    const abilities = abilitiesOf(token);
    let problem: string | null = clashes.get(token.id) ?? null;
    if (!accepted.has(token.tokenableId)) problem = `its user ${token.tokenableId} is not imported`;
    else if (!SHA256_HEX.test(token.token)) problem = 'the token column is not a SHA-256 hash';
    else if (abilities === null) problem = 'the abilities are not a JSON list';
    if (problem) {
      plan.skipped += 1;
      plan.problems.push(`token ${token.id}: ${problem}; not imported`);
      continue;
    }
    plan.rows.push({
      id: token.id,
      userId: token.tokenableId,
      name: token.name,
      token: token.token,
      abilities: abilities!,
      lastUsedAt: token.lastUsedAt,
      expiresAt: token.expiresAt,
      createdAt: token.createdAt,
      updatedAt: token.updatedAt,
    });
  }
  return plan;
}

export const otherTypeProblems = (otherTypes: Map<string, number>, userModel: string) =>
  [...otherTypes].map(([type, count]) => `${count} token(s) of ${type || '(no type)'}: only ${userModel} tokens are imported; skipped`);
