import { Injectable } from '@nestjs/common';
import { User } from '../users/user.entity';
import { AuthAnswer, AuthAnswers } from '../users/auth-answers';
import { TokensService } from './tokens.service';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { RequestFacts } from '../common/request-facts';

/** The body of a successful mobile login, registration or two-factor challenge (docs/http-contract.md §4, or the host's `responses`). */
export type TokenLoginResponse = AuthAnswer;

/**
 * Finishes a token login once the user is known (and, for two-factor users, the challenge passed):
 * a new token named after the device, a `login.succeeded` event, the response body.
 */
@Injectable()
export class TokenLoginService {
  constructor(
    private readonly tokens: TokensService,
    private readonly answers: AuthAnswers,
    private readonly events: GatehouseEvents,
  ) {}

  async issue(
    facts: RequestFacts,
    user: User,
    deviceName: string,
    abilities: string[] = ['*'],
    via: 'login' | 'register' = 'login',
    /** A passwordless account's fresh login: recorded as the token's password confirmation (there is nothing to confirm). */
    freshLogin = false,
  ): Promise<TokenLoginResponse> {
    const { plainTextToken, token } = await this.tokens.issue(user.id, deviceName, abilities, null, { facts, via });
    if (freshLogin) await this.tokens.markPasswordConfirmed(token.id, new Date(Math.floor(Date.now() / 1000) * 1000));
    await this.events.emit('login.succeeded', { facts, userId: user.id, metadata: { via: 'token', token_id: token.id } });
    return this.answers.token(user, plainTextToken, via);
  }
}
