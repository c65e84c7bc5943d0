import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PER_PAGE } from '../pagination';
import { QueryNumber, QueryText, RecordId } from './rbac-fields';

class PageQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1, default: 1 })
  @IsOptional()
  @QueryNumber()
  @RecordId()
  page?: number;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: MAX_PER_PAGE })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page?: number;
}

export class UsersQueryDto extends PageQuery {
  /** Part of a name or email. */
  @ApiPropertyOptional({ type: String, maxLength: 255, description: 'Part of a name or email.' })
  @IsOptional()
  @QueryText()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class AuditEventsQueryDto extends PageQuery {
  @ApiPropertyOptional({ type: Number, minimum: 1 })
  @IsOptional()
  @QueryNumber()
  @RecordId()
  user_id?: number;

  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'login.failed' })
  @IsOptional()
  @QueryText()
  @IsString()
  @MaxLength(64)
  event?: string;
}
