import { Body, Controller, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DefaultDeviceNameGuard } from '../auth/default-device-name.guard';
import { Public } from '../common/public.decorator';
import { ClientFacts } from '../common/request-facts';
import type { RequestFacts } from '../common/request-facts';
import { ApiRoutes } from '../common/route-family.decorator';
import { SocialTokenDto } from './dto/social-token.dto';
import { SocialTokenService } from './social-token.service';

/** Mobile / API social login (docs/http-contract.md §12), with the token routes. */
@ApiRoutes()
@Controller('auth')
export class ApiSocialController {
  constructor(private readonly tokens: SocialTokenService) {}

  /** 201 with a token, or 200 with the two-factor challenge, as POST /api/login answers: hence @Res. */
  @Public()
  @UseGuards(DefaultDeviceNameGuard)
  @Post(':provider/token')
  async token(@Param('provider') provider: string, @ClientFacts() facts: RequestFacts, @Body() body: SocialTokenDto, @Res() reply: FastifyReply) {
    const outcome = await this.tokens.exchange(facts, provider, body);
    return reply.status(outcome.status).send(outcome.body);
  }
}
