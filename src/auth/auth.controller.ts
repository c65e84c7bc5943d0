import { userFieldInputOf } from '../common/user-field-rules';
import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/public.decorator';
import { User } from '../users/user.entity';
import { AuthAnswers } from '../users/auth-answers';
import { AuthFlowService } from './auth-flow.service';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { credentialsGuard } from './local-auth.guard';
import { RegistrationThrottleGuard } from './registration-throttle.guard';
import { SessionLoginService } from './session-login.service';
import { parseBooleanInput } from './stateful-domains';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { WebRoutes } from '../common/route-family.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { Auth, CurrentSession } from './current-user.decorator';
import type { AuthContext } from './auth-context';
import type { SessionHandle } from './session-handle';
import { handOffSession, sendLogoutAnswer } from './session-answer';

/** Fortify's web routes for SPA sessions (docs/http-contract.md §3), under AUTH_ROUTE_PREFIX. */
@WebRoutes()
@Controller()
export class AuthController {
  constructor(
    private readonly sessionLogin: SessionLoginService,
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly answers: AuthAnswers,
    private readonly flow: AuthFlowService,
  ) {}

  @Public()
  @UseGuards(credentialsGuard())
  @ApiBody({ type: LoginDto }) // validated by the credentials guard, so no @Body() to describe it
  @Post('login')
  @HttpCode(200)
  async login(
    @Req() request: FastifyRequest & { user: User },
    @ClientFacts() facts: RequestFacts,
    @CurrentSession() session: SessionHandle,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const remember = parseBooleanInput((request.body as { remember?: unknown }).remember);
    // Two-factor users get a pending login instead of a session (the challenge completes it).
    const pending = await this.twoFactor.challengeSessionLogin(session, request.user, remember);
    if (pending) {
      handOffSession(reply, pending.session);
      return this.answers.sessionLogin(request.user, true);
    }
    handOffSession(reply, await this.sessionLogin.login(facts, session, request.user, remember));
    return this.answers.sessionLogin(request.user, false);
  }

  /** 204, or 200 when the host's `responses.logout` gives a body, hence @Res. */
  @Post('logout')
  async logout(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Res() reply: FastifyReply) {
    return sendLogoutAnswer(reply, await this.flow.logout(facts, auth, 'web'));
  }

  @Public()
  @UseGuards(RegistrationThrottleGuard)
  @Post('register')
  @HttpCode(201)
  async register(
    @ClientFacts() facts: RequestFacts,
    @CurrentSession() session: SessionHandle,
    @Body() body: RegisterDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const user = await this.flow.register(facts, { ...body, fields: userFieldInputOf(body) }, 'session');
    handOffSession(reply, await this.sessionLogin.login(facts, session, user, false));
    return this.answers.register(user);
  }
}
