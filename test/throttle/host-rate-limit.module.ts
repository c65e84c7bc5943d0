import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { IsDefined, IsString } from 'class-validator';
import { OptionalAuth } from '../../src/common/public.decorator';
import { RateLimit } from '../../src/throttle/rate-limit.decorator';

export const HOST_ROUTES = '/api/__host';

export class HostNoteDto {
  @IsDefined()
  @IsString()
  text: string;
}

/** Host routes limited by name, as a host app writes them. */
@Controller(HOST_ROUTES.slice(1))
export class HostRateLimitController {
  @OptionalAuth()
  @RateLimit('api')
  @Get('feed')
  feed() {
    return { ok: true };
  }

  /** Errors after the limiter (here validation) still carry the headers. */
  @OptionalAuth()
  @RateLimit('api')
  @Post('notes')
  @HttpCode(201)
  note(@Body() body: HostNoteDto) {
    return { text: body.text };
  }

  /** A limiter the host defines itself, keyed by address even for signed-in users. */
  @OptionalAuth()
  @RateLimit('uploads')
  @Get('uploads')
  uploads() {
    return { ok: true };
  }
}

@Module({ controllers: [HostRateLimitController] })
export class HostRateLimitModule {}
