import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { Public } from '../common/public.decorator';
import { ApiTwoFactorChallengeDto, TwoFactorChallengeDto } from '../two-factor/dto/two-factor-challenge.dto';
import { WebRoutes } from '../common/route-family.decorator';
import { ApiRoutes } from '../common/route-family.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { CurrentSession } from './current-user.decorator';
import type { SessionHandle } from './session-handle';
import { handOffSession } from './session-answer';

/** POST /two-factor-challenge (web route, docs/http-contract.md §3): the second step of an SPA login. */
@WebRoutes()
@Controller()
export class TwoFactorChallengeController {
  constructor(private readonly gate: TwoFactorLoginGate) {}

  @Public()
  @Post('two-factor-challenge')
  @HttpCode(204)
  async challenge(
    @ClientFacts() facts: RequestFacts,
    @CurrentSession() session: SessionHandle,
    @Body() body: TwoFactorChallengeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    handOffSession(reply, await this.gate.completeSessionChallenge(facts, session, body));
  }
}

/** POST /api/two-factor-challenge (API route, docs/http-contract.md §4): the second step of a token login. */
@ApiRoutes()
@Controller()
export class ApiTwoFactorChallengeController {
  constructor(private readonly gate: TwoFactorLoginGate) {}

  @Public()
  @Post('two-factor-challenge')
  @HttpCode(201)
  challenge(@ClientFacts() facts: RequestFacts, @Body() body: ApiTwoFactorChallengeDto) {
    return this.gate.completeTokenChallenge(facts, body.challenge_token, body);
  }
}
