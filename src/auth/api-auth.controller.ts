import { Body, Controller, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { Public } from '../common/public.decorator';
import { uniqueAbilities } from '../tokens/dto/token-validators';
import { TokenLoginService } from '../tokens/token-login.service';
import { TokensService } from '../tokens/tokens.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { requireAuth } from './current-user.decorator';
import { ApiLoginDto } from './dto/api-login.dto';
import { ApiRegisterDto } from './dto/api-register.dto';
import { credentialsGuard } from './local-auth.guard';
import { SessionLoginService } from './session-login.service';
import { TwoFactorLoginGate } from './two-factor-login.gate';

/**
 * Token (mobile / API) login, registration and logout (API.md §4), under API_PREFIX. The
 * credentials check is the one /login uses: same throttle key, same shared store, same messages.
 */
@Controller()
export class ApiAuthController {
  constructor(
    private readonly tokenLogin: TokenLoginService,
    private readonly tokens: TokensService,
    private readonly twoFactor: TwoFactorLoginGate,
    private readonly sessionLogin: SessionLoginService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** 201 with a token, or 200 with a two-factor challenge: the status depends on the user, hence @Res. */
  @Public()
  @UseGuards(credentialsGuard(ApiLoginDto))
  @Post('login')
  async login(@Req() request: FastifyRequest & { user: User }, @Body() body: ApiLoginDto, @Res() reply: FastifyReply) {
    const abilities = uniqueAbilities(body.abilities ?? ['*']);
    const challenge = await this.twoFactor.challengeTokenLogin(request, request.user, body.device_name, abilities);
    if (challenge) return reply.status(200).send(challenge);
    return reply.status(201).send(await this.tokenLogin.issue(request, request.user, body.device_name, abilities));
  }

  @Public()
  @Post('register')
  @HttpCode(201)
  async register(@Req() request: FastifyRequest, @Body() body: ApiRegisterDto) {
    const user = await this.users.create({ name: body.name, email: body.email, password: body.password });
    await this.audit.record('user.registered', { request, userId: user.id, metadata: { via: 'token' } });
    return this.tokenLogin.issue(request, user, body.device_name, ['*'], 'register');
  }

  /** A token caller revokes its token; a session caller (stateful SPA) is logged out — never Sanctum's 500 (#234). */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest): Promise<void> {
    const auth = requireAuth(request);
    if (auth.via === 'token') return this.tokens.revokeCurrent(request, auth.token);
    await this.sessionLogin.logout(request);
  }
}
