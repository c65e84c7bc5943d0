import { Controller, Get, Module, Post, HttpCode } from '@nestjs/common';
import { OptionalAuth } from '../../src/common/public.decorator';
import { Abilities, AnyAbility } from '../../src/tokens/abilities.decorator';

/** Test-only routes guarded by the abilities decorators (no production route needs one yet). */
@Controller('api/__abilities')
export class AbilitiesProbeController {
  @Abilities('posts.read', 'posts.write')
  @Get('all')
  all() {
    return { ok: 'all' };
  }

  @AnyAbility('posts.read', 'comments.read')
  @Get('any')
  any() {
    return { ok: 'any' };
  }

  @Abilities('admin.users.delete')
  @Post('admin')
  @HttpCode(200)
  admin() {
    return { ok: 'admin' };
  }

  @OptionalAuth()
  @Abilities('posts.read')
  @Get('optional')
  optional() {
    return { ok: 'optional' };
  }

  @Get('none')
  none() {
    return { ok: 'none' };
  }
}

/** Class and method decorators are two checks that must both pass. */
@Abilities('reports.view')
@Controller('api/__abilities/reports')
export class ReportsProbeController {
  @AnyAbility('reports.export', 'reports.print')
  @Get()
  reports() {
    return { ok: 'reports' };
  }
}

@Module({ controllers: [AbilitiesProbeController, ReportsProbeController] })
export class AbilitiesProbeModule {}
