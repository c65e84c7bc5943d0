import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsString } from 'class-validator';

export class ConfirmPasswordDto {
  @ApiProperty({ type: String, format: 'password', description: 'The current password.' })
  @IsDefined()
  @IsString()
  password: string;
}
