import { Controller, Get, Module } from '@nestjs/common';
import { Verified } from '../../src/common/verified.decorator';
import { OptionalAuth } from '../../src/common/public.decorator';

/** Test-only routes marked @Verified(), so the guard is tested apart from any feature's routes. */
@Controller('api/__verified-probe')
export class VerifiedProbeController {
  @Verified()
  @Get()
  verifiedOnly() {
    return { ok: true };
  }

  @OptionalAuth()
  @Verified()
  @Get('optional')
  optional() {
    return { ok: true };
  }

  @Get('unmarked')
  unmarked() {
    return { ok: true };
  }
}

@Module({ controllers: [VerifiedProbeController] })
export class VerifiedProbeModule {}
