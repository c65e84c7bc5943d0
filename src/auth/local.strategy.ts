import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { User } from '../users/user.entity';
import { CredentialsService } from './credentials.service';
import { requestFacts } from '../common/request-facts';
import { loginIdentifierOf } from './login-identifier';

/** passport-local: email (or username) + password, throttled, indistinguishable failures (CredentialsService). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly credentials: CredentialsService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  validate(request: FastifyRequest, email: string, password: string): Promise<User> {
    return this.credentials.attempt(requestFacts(request), email, password, loginIdentifierOf(request));
  }
}
