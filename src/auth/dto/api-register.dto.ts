import { IsDefined, IsString, MaxLength } from 'class-validator';
import { RegisterDto } from './register.dto';

/** POST /api/register: the /register fields plus the device the first token is for. */
export class ApiRegisterDto extends RegisterDto {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  device_name: string;
}
