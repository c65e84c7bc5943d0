import { Injectable } from '@nestjs/common';
import { fieldError } from '../common/api-error';
import type { RequestFacts } from '../common/request-facts';
import { TwoFactorLoginGate } from '../auth/two-factor-login.gate';
import { GatehouseEvents } from '../events/gatehouse-events.service';
import { TokenLoginService } from '../tokens/token-login.service';
import type { SocialTokenDto } from './dto/social-token.dto';
import { SOCIAL_ERROR_MESSAGES, SocialLoginError, socialTooManyAttempts } from './social-error';
import type { SocialIdentity } from './social-identity';
import { SocialLoginService } from './social-login.service';
import { SocialProviders } from './social-providers';
import { LoginAddressThrottle } from '../throttle/login-address.throttle';
import { tooManyAttempts } from '../common/api-error';

export interface TokenExchangeOutcome {
  status: 200 | 201;
  body: unknown;
}

/** A native app's proof of a provider login becomes a Gatehouse token, exactly as POST /api/login ends. */
@Injectable()
export class SocialTokenService {
  constructor(
    private readonly providers: SocialProviders,
    private readonly social: SocialLoginService,
    private readonly throttle: LoginAddressThrottle,
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly tokenLogin: TokenLoginService,
    private readonly events: GatehouseEvents,
  ) {}

  async exchange(facts: RequestFacts, name: string, body: SocialTokenDto): Promise<TokenExchangeOutcome> {
    const client = this.providers.get(name);
    const field = body.id_token !== undefined ? 'id_token' : 'code';
    try {
      await this.throttle.hit('social', facts, socialTooManyAttempts);
      const identity = await this.identity(name, body);
      const user = await this.social.userFor(facts, client.provider, identity, 'token');
      const challenge = await this.twoFactor.challengeTokenLogin(user, body.device_name, ['*']);
      if (challenge) return { status: 200, body: challenge };
      await this.throttle.clear('social', facts);
      return { status: 201, body: await this.tokenLogin.issue(facts, user, body.device_name, ['*']) };
    } catch (error) {
      if (!(error instanceof SocialLoginError)) throw error;
      await this.events.emit('social.failed', { facts, metadata: { provider: name, stage: 'token', reason: error.detail } });
      if (error.code === 'too_many_attempts') throw tooManyAttempts(60, SOCIAL_ERROR_MESSAGES.too_many_attempts);
      throw fieldError(field, SOCIAL_ERROR_MESSAGES[error.code]);
    }
  }

  private identity(name: string, body: SocialTokenDto): Promise<SocialIdentity> {
    const client = this.providers.get(name);
    if (body.id_token !== undefined) return client.verifyIdToken(body.id_token, body.nonce ?? null);
    return client.exchangeCode(body.code!, body.code_verifier!, body.redirect_uri!, body.nonce ?? null);
  }
}
