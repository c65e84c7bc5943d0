import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OptionalAuth } from '../common/public.decorator';
import { WebRoutes } from '../common/route-family.decorator';
import { CurrentSession } from './current-user.decorator';
import { guestHandoff } from './session-handle';
import type { SessionHandle } from './session-handle';
import { handOffSession } from './session-answer';

/** Sanctum's GET /sanctum/csrf-cookie: always at the root, whatever AUTH_ROUTE_PREFIX is. */
@WebRoutes()
@Controller('sanctum')
export class CsrfCookieController {
  /** The existing well-formed id, or a new guest one. */
  @OptionalAuth()
  @Get('csrf-cookie')
  @HttpCode(204)
  csrfCookie(@CurrentSession() session: SessionHandle, @Res({ passthrough: true }) reply: FastifyReply): void {
    handOffSession(reply, guestHandoff(session));
  }
}
