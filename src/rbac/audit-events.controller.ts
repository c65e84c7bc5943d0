import { Controller, Get, Query } from '@nestjs/common';
import { Verified } from '../common/verified.decorator';
import { Actor, type AdminActor } from './admin-actor';
import { AdminPolicy } from './admin-policy';
import { AuditEventsReader } from './audit-events.reader';
import { AuditEventsQueryDto } from './dto/list-query.dto';
import { pageRequest } from './pagination';
import { Permissions } from './rbac.decorators';
import { ApiRoutes } from '../common/route-family.decorator';

/** docs/http-contract.md §8: GET /api/audit-events, newest first. */
@Verified()
@ApiRoutes()
@Controller('audit-events')
export class AuditEventsController {
  constructor(
    private readonly reader: AuditEventsReader,
    private readonly policy: AdminPolicy,
  ) {}

  @Get()
  @Permissions('audit.view')
  async list(@Query() query: AuditEventsQueryDto, @Actor() actor: AdminActor) {
    const teamId = await this.policy.readScope(actor, 'audit.view');
    return this.reader.list({ userId: query.user_id, event: query.event, teamId }, pageRequest(query.page, query.per_page));
  }
}
