import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PER_PAGE } from '../pagination';
import { QueryNumber, QueryText, RecordId } from './rbac-fields';

class PageQuery {
  @IsOptional()
  @QueryNumber()
  @RecordId()
  page?: number;

  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page?: number;
}

export class UsersQueryDto extends PageQuery {
  /** Part of a name or email. */
  @IsOptional()
  @QueryText()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class AuditEventsQueryDto extends PageQuery {
  @IsOptional()
  @QueryNumber()
  @RecordId()
  user_id?: number;

  @IsOptional()
  @QueryText()
  @IsString()
  @MaxLength(64)
  event?: string;
}
