import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { User } from '../users/user.entity';

/**
 * The branch point of both login flows for users with confirmed two-factor authentication.
 * The Two-factor issue replaces these bodies: a pending login is recorded and the caller
 * answers `{"two_factor":true}` (session) or returns a challenge token (API).
 */
@Injectable()
export class TwoFactorLoginGate {
  /** Returns true when a challenge was started instead of logging the session in. */
  async challengeSessionLogin(_request: FastifyRequest, _user: User, _remember: boolean): Promise<boolean> {
    return false;
  }
}
