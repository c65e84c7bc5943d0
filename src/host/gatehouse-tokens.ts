import { Injectable } from '@nestjs/common';
import type { TokenRecord } from '../tokens/token.record';
import { NewToken, TokensService } from '../tokens/tokens.service';

/** Personal access tokens for a host app: created and revoked with the same audit trail as the routes. */
@Injectable()
export class GatehouseTokens {
  constructor(private readonly tokens: TokensService) {}

  /** `plainTextToken` (`<id>|<secret>`) is shown once; only its SHA-256 is stored. */
  create(userId: number, name: string, abilities: string[] = ['*'], expiresAt: Date | null = null): Promise<NewToken> {
    return this.tokens.issue(userId, name, abilities, expiresAt, { via: 'host' });
  }

  list(userId: number): Promise<TokenRecord[]> {
    return this.tokens.listForUser(userId);
  }

  /** False when the token is not the user's (or gone already). */
  revoke(userId: number, tokenId: number): Promise<boolean> {
    return this.tokens.revoke(undefined, userId, tokenId);
  }

  /** How many were revoked. */
  revokeAll(userId: number): Promise<number> {
    return this.tokens.revokeAll(undefined, userId);
  }
}
