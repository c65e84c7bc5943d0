import { IsDefined, IsString } from 'class-validator';

export class ConfirmPasswordDto {
  @IsDefined()
  @IsString()
  password: string;
}
