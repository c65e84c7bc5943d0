import { RequiredString } from '../../common/field-rules';
import { RegisterDto } from './register.dto';

/** POST /api/register: the /register fields plus the device the first token is for. */
export class ApiRegisterDto extends RegisterDto {
  @RequiredString()
  device_name: string;
}
