import { RequiredEmail } from '../../common/field-rules';

export class ForgotPasswordDto {
  @RequiredEmail()
  email: string;
}
