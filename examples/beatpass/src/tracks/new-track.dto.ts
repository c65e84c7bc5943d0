import { IsDefined, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

/** `POST /tracks` (admins): Gatehouse's validation pipe answers a failure as Laravel's 422. */
export class NewTrackDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  title: string;

  @IsDefined()
  @IsString()
  @MaxLength(255)
  artist: string;

  @IsDefined()
  @IsInt()
  @Min(1)
  @Max(86400)
  duration_seconds: number;
}
