import { Controller, Get, HttpCode, Module, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Permissions } from '../../src/rbac/rbac.decorators';
import { Abilities } from '../../src/tokens/abilities.decorator';

/** Outside both prefixes, and without web/API family metadata: how a host mounts its own routes. */
export const HOST_PROBE = '/host/__probe';

const whoami = (request: FastifyRequest) => ({ via: request.auth?.via ?? null, user_id: request.auth?.user.id ?? null });

/** A host's controller using only the public decorators (no route family). */
@Controller(HOST_PROBE.slice(1))
export class HostProbeController {
  @Get('whoami')
  get(@Req() request: FastifyRequest) {
    return whoami(request);
  }

  @Post('whoami')
  @HttpCode(200)
  post(@Req() request: FastifyRequest) {
    return whoami(request);
  }

  /** Written permission-first: the ability is still checked first (Sanctum's middleware runs before spatie's). */
  @Get('reports')
  @Permissions('reports.view')
  @Abilities('reports:read')
  reports() {
    return { ok: true };
  }
}

@Module({ controllers: [HostProbeController] })
export class HostProbeModule {}
