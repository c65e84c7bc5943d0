/** A token as docs/http-contract.md §4 lists it; never the hash, never the plain text. */
export interface TokenResponse {
  id: number;
  name: string;
  abilities: string[];
  last_used_at: string | null;
  expires_at: string | null;
  created_at: string;
}

export interface TokenFields {
  id: number;
  name: string;
  abilities: string[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
}

export function toTokenResponse(token: TokenFields): TokenResponse {
  return {
    id: token.id,
    name: token.name,
    abilities: token.abilities,
    last_used_at: token.lastUsedAt?.toISOString() ?? null,
    expires_at: token.expiresAt?.toISOString() ?? null,
    created_at: token.createdAt.toISOString(),
  };
}
