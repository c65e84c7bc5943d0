import { Controller, Get, HttpCode, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { OptionalAuth } from '../common/public.decorator';
import { SessionLoginService } from './session-login.service';
import { WebRoutes } from '../common/route-family.decorator';

/** Sanctum's GET /sanctum/csrf-cookie: always at the root, whatever AUTH_ROUTE_PREFIX is. */
@WebRoutes()
@Controller('sanctum')
export class CsrfCookieController {
  constructor(private readonly sessionLogin: SessionLoginService) {}

  @OptionalAuth()
  @Get('csrf-cookie')
  @HttpCode(204)
  csrfCookie(@Req() request: FastifyRequest): void {
    this.sessionLogin.ensureGuestSession(request);
  }
}
