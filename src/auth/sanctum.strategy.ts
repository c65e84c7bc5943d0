import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import type { AuthContext, AuthResult, RequestCredentials } from './auth-context';
import { Authenticator } from './authenticator';

/**
 * The `sanctum` passport-custom strategy: the adapter passport users expect, the decision itself
 * is the Authenticator's. The credentials arrive as the verify callback's options
 * (`passOptionsToCallback`), and the whole AuthResult rides along as passport's `info`.
 */
@Injectable()
export class SanctumStrategy extends PassportStrategy(Strategy, 'sanctum') {
  constructor(private readonly authenticator: Authenticator) {
    super({ passOptionsToCallback: true });
  }

  async validate(_request: FastifyRequest, credentials: RequestCredentials): Promise<[AuthContext | false, AuthResult]> {
    const result = await this.authenticator.authenticate(credentials);
    return [result.caller ?? false, result];
  }
}
