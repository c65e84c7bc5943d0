import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString } from 'class-validator';

/** `password` re-entered to approve a destructive action (log out other sessions, delete account). */
export class PasswordDto {
  @ApiProperty({ type: String, format: 'password', description: 'The current password.' })
  @IsDefined()
  @IsString()
  password: string;
}
