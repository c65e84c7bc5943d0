import { ApiProperty } from '@nestjs/swagger';
import { RequiredString } from '../../common/field-rules';
import { RegisterDto } from './register.dto';

/** POST /api/register: the /register fields plus the device the first token is for. */
export class ApiRegisterDto extends RegisterDto {
  @ApiProperty({ type: String, maxLength: 255, example: 'iPhone 15' })
  @RequiredString()
  device_name: string;
}
