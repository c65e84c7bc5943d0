import { Controller, Get, Query } from '@nestjs/common';
import { Verified } from '../auth/verified.decorator';
import { AuditEventsReader } from './audit-events.reader';
import { AuditEventsQueryDto } from './dto/list-query.dto';
import { pageRequest } from './pagination';
import { Permissions } from './rbac.decorators';

/** API.md §8: GET /api/audit-events, newest first. */
@Verified()
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly reader: AuditEventsReader) {}

  @Get()
  @Permissions('audit.view')
  list(@Query() query: AuditEventsQueryDto) {
    return this.reader.list({ userId: query.user_id, event: query.event }, pageRequest(query.page, query.per_page));
  }
}
