import { Body, Controller, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DefaultDeviceNameGuard } from '../auth/default-device-name.guard';
import { CurrentSession } from '../auth/current-user.decorator';
import { handOffSession } from '../auth/session-answer';
import type { SessionHandle } from '../auth/session-handle';
import { parseBooleanInput } from '../auth/stateful-domains';
import { Public } from '../common/public.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { ApiRoutes, WebRoutes } from '../common/route-family.decorator';
import { ApiPasskeyChallengeOptionsDto, ApiPasskeyLoginDto, PasskeyLoginDto, PasskeyLoginOptionsDto } from './dto/passkey.dto';
import { PasskeyLoginService } from './passkey-login.service';
import { PASSKEY_OPTIONS_LIMITER } from '../config/passkey-config';
import { RateLimit } from '../throttle/rate-limit.decorator';

/** Passwordless SPA login and the passkey answer to the two-factor challenge (docs/http-contract.md §13). */
@WebRoutes()
@Controller()
export class PasskeyLoginController {
  constructor(private readonly login: PasskeyLoginService) {}

  @ApiOperation({ summary: 'Request options for navigator.credentials.get() (no email: discoverable passkeys)' })
  @Public()
  @RateLimit(PASSKEY_OPTIONS_LIMITER)
  @Post('passkeys/login/options')
  @HttpCode(200)
  options(@Body() body: PasskeyLoginOptionsDto) {
    return this.login.loginOptions(body.email);
  }

  @ApiOperation({ summary: 'Logs the browser in with a passkey assertion, as POST /login ends' })
  @Public()
  @Post('passkeys/login')
  @HttpCode(200)
  async passkeyLogin(
    @ClientFacts() facts: RequestFacts,
    @CurrentSession() session: SessionHandle,
    @Body() body: PasskeyLoginDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const outcome = await this.login.loginSession(facts, session, body.credential, parseBooleanInput(body.remember));
    handOffSession(reply, outcome.session);
    return outcome.body;
  }

  @ApiOperation({ summary: "Request options for answering this browser's pending two-factor challenge with a passkey" })
  @Public()
  @RateLimit(PASSKEY_OPTIONS_LIMITER)
  @Post('two-factor-challenge/passkey/options')
  @HttpCode(200)
  challengeOptions(@CurrentSession() session: SessionHandle) {
    return this.login.secondFactorOptions(session.id ? { kind: 'session', sessionId: session.id } : null);
  }
}

/** Passwordless token login (docs/http-contract.md §13), with the token routes. */
@ApiRoutes()
@Controller()
export class ApiPasskeyLoginController {
  constructor(private readonly login: PasskeyLoginService) {}

  @ApiOperation({ summary: 'Request options for a passkey token login' })
  @Public()
  @RateLimit(PASSKEY_OPTIONS_LIMITER)
  @Post('passkeys/login/options')
  @HttpCode(200)
  options(@Body() body: PasskeyLoginOptionsDto) {
    return this.login.loginOptions(body.email);
  }

  /** 201 with a token, or 200 with the two-factor challenge, as POST /api/login answers: hence @Res. */
  @ApiOperation({ summary: 'A token for a passkey assertion, as POST /api/login answers' })
  @Public()
  @UseGuards(DefaultDeviceNameGuard)
  @Post('passkeys/login')
  async passkeyLogin(@ClientFacts() facts: RequestFacts, @Body() body: ApiPasskeyLoginDto, @Res() reply: FastifyReply) {
    const outcome = await this.login.loginToken(facts, body.credential, body.device_name);
    return reply.status(outcome.status).send(outcome.body);
  }

  @ApiOperation({ summary: 'Request options for answering a token login’s two-factor challenge with a passkey' })
  @Public()
  @RateLimit(PASSKEY_OPTIONS_LIMITER)
  @Post('two-factor-challenge/passkey/options')
  @HttpCode(200)
  challengeOptions(@Body() body: ApiPasskeyChallengeOptionsDto) {
    return this.login.secondFactorOptions({ kind: 'token', challengeToken: body.challenge_token });
  }
}
