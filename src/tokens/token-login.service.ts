import { Injectable } from '@nestjs/common';
import { User } from '../users/user.entity';
import { PresentedUser, UserPresenter } from '../users/user-presenter';
import { TokensService } from './tokens.service';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import type { RequestFacts } from '../common/request-facts';

/** The body of a successful mobile login, registration or two-factor challenge (docs/http-contract.md §4). */
export interface TokenLoginResponse {
  token: string;
  token_type: 'Bearer';
  user: PresentedUser;
}

/**
 * Finishes a token login once the user is known (and, for two-factor users, the challenge passed):
 * a new token named after the device, a `login.succeeded` event, the response body.
 */
@Injectable()
export class TokenLoginService {
  constructor(
    private readonly tokens: TokensService,
    private readonly presenter: UserPresenter,
    private readonly events: GatehouseEvents,
  ) {}

  async issue(
    facts: RequestFacts,
    user: User,
    deviceName: string,
    abilities: string[] = ['*'],
    via: 'login' | 'register' = 'login',
  ): Promise<TokenLoginResponse> {
    const { plainTextToken, token } = await this.tokens.issue(user.id, deviceName, abilities, null, { facts, via });
    await this.events.emit('login.succeeded', { facts, userId: user.id, metadata: { via: 'token', token_id: token.id } });
    return { token: plainTextToken, token_type: 'Bearer', user: await this.presenter.present(user) };
  }
}
