import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page, pageOffset, PageRequest, toPage } from './pagination';

export interface AuditEventResponse {
  id: number;
  event: string;
  user_id: number | null;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
}

export interface AuditFilter {
  userId?: number;
  event?: string;
  /** Only events of this team's members (a role assigned in it); null or absent = all events. */
  teamId?: number | null;
}

const WHERE = `WHERE ($1::bigint IS NULL OR user_id = $1) AND ($2::text IS NULL OR event = $2)
  AND ($3::bigint IS NULL OR user_id IN (SELECT ur.user_id FROM user_roles ur WHERE ur.team_id = $3))`;

const filterParams = (filter: AuditFilter) => [filter.userId ?? null, filter.event ?? null, filter.teamId ?? null];

interface AuditRow {
  id: number;
  event: string;
  user_id: number | null;
  ip_address: string | null;
  user_agent: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
  total: number | string;
}

/**
 * GET /api/audit-events: reads audit/'s table with plain SQL (newest first, served by the
 * (user_id, id DESC) and (event, id DESC) indexes), so audit/ stays write-only for its users.
 */
@Injectable()
export class AuditEventsReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(filter: AuditFilter, request: PageRequest): Promise<Page<AuditEventResponse>> {
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, event, user_id, ip_address, user_agent, metadata, created_at, count(*) OVER () AS total
       FROM audit_events ${WHERE}
       ORDER BY id DESC LIMIT $4 OFFSET $5`,
      [...filterParams(filter), request.perPage, pageOffset(request)],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.count(filter);
    return toPage(rows.map(toAuditEventResponse), request, total);
  }

  /** Only for a page past the end, where the window count has no row to ride on. */
  private async count(filter: AuditFilter): Promise<number> {
    const [row]: Array<{ total: string | number }> = await this.dataSource.query(
      `SELECT count(*) AS total FROM audit_events ${WHERE}`,
      filterParams(filter),
    );
    return Number(row.total);
  }
}

function toAuditEventResponse(row: AuditRow): AuditEventResponse {
  return {
    id: Number(row.id),
    event: row.event,
    user_id: row.user_id === null ? null : Number(row.user_id),
    ip_address: row.ip_address,
    user_agent: row.user_agent,
    metadata: row.metadata ?? {},
    created_at: new Date(row.created_at).toISOString(),
  };
}
