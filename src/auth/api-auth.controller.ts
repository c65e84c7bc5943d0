import { userFieldInputOf } from '../common/user-field-rules';
import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/public.decorator';
import { uniqueAbilities } from '../tokens/dto/token-validators';
import { TokenLoginService } from '../tokens/token-login.service';
import { User } from '../users/user.entity';
import { AuthFlowService } from './auth-flow.service';
import { sendLogoutAnswer } from './session-answer';
import { ApiLoginDto } from './dto/api-login.dto';
import { ApiRegisterDto } from './dto/api-register.dto';
import { DefaultDeviceNameGuard } from './default-device-name.guard';
import { credentialsGuard } from './local-auth.guard';
import { RegistrationThrottleGuard } from './registration-throttle.guard';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { ApiRoutes } from '../common/route-family.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { Auth } from './current-user.decorator';
import type { AuthContext } from './auth-context';

/**
 * Token (mobile / API) login, registration and logout (docs/http-contract.md §4), under API_PREFIX. The
 * credentials check is the one /login uses: same throttle key, same shared store, same messages. `device_name`
 * is required unless the host set `tokens.defaultDeviceName`.
 */
@ApiRoutes()
@Controller()
export class ApiAuthController {
  constructor(
    private readonly tokenLogin: TokenLoginService,
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly flow: AuthFlowService,
  ) {}

  /** 201 with a token, or 200 with a two-factor challenge: the status depends on the user, hence @Res. */
  @Public()
  @UseGuards(DefaultDeviceNameGuard, credentialsGuard(ApiLoginDto))
  @Post('login')
  async login(
    @Req() request: FastifyRequest & { user: User },
    @ClientFacts() facts: RequestFacts,
    @Body() body: ApiLoginDto,
    @Res() reply: FastifyReply,
  ) {
    const abilities = uniqueAbilities(body.abilities ?? ['*']);
    const challenge = await this.twoFactor.challengeTokenLogin(request.user, body.device_name, abilities);
    if (challenge) return reply.status(200).send(challenge);
    return reply.status(201).send(await this.tokenLogin.issue(facts, request.user, body.device_name, abilities));
  }

  @Public()
  @UseGuards(DefaultDeviceNameGuard, RegistrationThrottleGuard)
  @Post('register')
  @HttpCode(201)
  async register(@ClientFacts() facts: RequestFacts, @Body() body: ApiRegisterDto) {
    const user = await this.flow.register(facts, { ...body, fields: userFieldInputOf(body) }, 'token');
    return this.tokenLogin.issue(facts, user, body.device_name, ['*'], 'register');
  }

  /**
   * A token caller revokes its token; a session caller (stateful SPA) is logged out — never Sanctum's 500 (#234).
   * 204, or 200 when the host's `responses` give a body, hence @Res.
   */
  @Post('logout')
  async logout(@ClientFacts() facts: RequestFacts, @Auth() auth: AuthContext, @Res() reply: FastifyReply) {
    return sendLogoutAnswer(reply, await this.flow.logout(facts, auth, 'api'));
  }
}
