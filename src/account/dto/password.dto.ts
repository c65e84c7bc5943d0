import { IsDefined, IsString } from 'class-validator';

/** `password` re-entered to approve a destructive action (log out other sessions, delete account). */
export class PasswordDto {
  @IsDefined()
  @IsString()
  password: string;
}
