import { userFieldInputOf } from '../common/user-field-rules';
import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/public.decorator';
import { User } from '../users/user.entity';
import { AuthAnswers } from '../users/auth-answers';
import { AuthFlowService, sendLogoutAnswer } from './auth-flow.service';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { credentialsGuard } from './local-auth.guard';
import { RegistrationThrottleGuard } from './registration-throttle.guard';
import { SessionLoginService } from './session-login.service';
import { parseBooleanInput } from './stateful-domains';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { WebRoutes } from '../common/route-family.decorator';
import { requestFacts } from '../common/request-facts';
import { Auth } from './current-user.decorator';
import type { AuthContext } from './auth-context';

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
  async login(@Req() request: FastifyRequest & { user: User }) {
    const remember = parseBooleanInput((request.body as { remember?: unknown }).remember);
    // Two-factor users get a pending login instead of a session (the challenge completes it).
    if (await this.twoFactor.challengeSessionLogin(request, request.user, remember)) return this.answers.sessionLogin(request.user, true);
    await this.sessionLogin.login(request, request.user, remember);
    return this.answers.sessionLogin(request.user, false);
  }

  /** 204, or 200 when the host's `responses.logout` gives a body, hence @Res. */
  @Post('logout')
  async logout(@Req() request: FastifyRequest, @Auth() auth: AuthContext, @Res() reply: FastifyReply) {
    return sendLogoutAnswer(reply, await this.flow.logout(request, auth, 'web'));
  }

  @Public()
  @UseGuards(RegistrationThrottleGuard)
  @Post('register')
  @HttpCode(201)
  async register(@Req() request: FastifyRequest, @Body() body: RegisterDto) {
    const user = await this.flow.register(requestFacts(request), { ...body, fields: userFieldInputOf(body) }, 'session');
    await this.sessionLogin.login(request, user, false);
    return this.answers.register(user);
  }
}
