import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { TwoFactorLoginGate } from './two-factor-login.gate';
import { Public } from '../common/public.decorator';
import { ApiTwoFactorChallengeDto, TwoFactorChallengeDto } from '../two-factor/dto/two-factor-challenge.dto';
import { WebRoutes } from '../common/route-family.decorator';
import { ApiRoutes } from '../common/route-family.decorator';

/** POST /two-factor-challenge (web route, docs/http-contract.md §3): the second step of an SPA login. */
@WebRoutes()
@Controller()
export class TwoFactorChallengeController {
  constructor(private readonly gate: TwoFactorLoginGate) {}

  @Public()
  @Post('two-factor-challenge')
  @HttpCode(204)
  async challenge(@Req() request: FastifyRequest, @Body() body: TwoFactorChallengeDto): Promise<void> {
    await this.gate.completeSessionChallenge(request, body);
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
  challenge(@Req() request: FastifyRequest, @Body() body: ApiTwoFactorChallengeDto) {
    return this.gate.completeTokenChallenge(request, body.challenge_token, body);
  }
}
