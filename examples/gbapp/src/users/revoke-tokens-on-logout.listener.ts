import { Injectable } from '@nestjs/common';
import { GatehouseTokens, OnGatehouseEvent } from 'gatehouse';
import type { GatehouseEvent } from 'gatehouse';

/**
 * GB App's logout "invalidates the session and revokes API tokens": a listener on Laravel's Logout event.
 * Gatehouse awaits listeners before it answers, so the tokens are gone when the 204 arrives. A token
 * logout (`POST /api/logout`) keeps Sanctum's rule: only that token.
 */
@Injectable()
export class RevokeTokensOnLogout {
  constructor(private readonly tokens: GatehouseTokens) {}

  @OnGatehouseEvent('logout')
  async revokeApiTokens(event: GatehouseEvent<'logout'>): Promise<void> {
    if (event.metadata.via !== 'session' || event.userId === null) return;
    await this.tokens.revokeAll(event.userId);
  }
}
