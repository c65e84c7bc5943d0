import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsEmail, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { RequiredString } from '../../common/field-rules';

/** What `navigator.credentials.create()` / `.get()` gave, as JSON (e.g. @simplewebauthn/browser's result). */
const CREDENTIAL_DOC = { type: Object, description: 'The PublicKeyCredential as JSON: id, rawId, type, response{…}.' };

/** POST /user/passkeys */
export class RegisterPasskeyDto {
  @ApiProperty({ type: String, maxLength: 255, example: 'MacBook Touch ID' })
  @RequiredString()
  name: string;

  @ApiProperty(CREDENTIAL_DOC)
  @IsObject()
  @IsDefined()
  credential: object;
}

/** PATCH /user/passkeys/:id */
export class RenamePasskeyDto {
  @ApiProperty({ type: String, maxLength: 255 })
  @RequiredString()
  name: string;
}

/** POST /passkeys/login/options: no email for a discoverable passkey; an email lists that account's passkeys. */
export class PasskeyLoginOptionsDto {
  @ApiPropertyOptional({ type: String, maxLength: 255, description: 'Only for passkeys that are not discoverable (security keys).' })
  @IsOptional()
  @MaxLength(255)
  @IsEmail()
  @IsString()
  email?: string;
}

/** POST /passkeys/login */
export class PasskeyLoginDto {
  @ApiProperty(CREDENTIAL_DOC)
  @IsObject()
  @IsDefined()
  credential: object;

  @ApiPropertyOptional({ type: Boolean, description: 'As POST /login: a remembered session.' })
  @IsOptional()
  remember?: unknown;
}

/** POST /api/passkeys/login */
export class ApiPasskeyLoginDto {
  @ApiProperty(CREDENTIAL_DOC)
  @IsObject()
  @IsDefined()
  credential: object;

  @ApiProperty({ type: String, maxLength: 255, example: 'iPhone 15' })
  @RequiredString()
  device_name: string;
}

/** POST /api/two-factor-challenge/passkey/options */
export class ApiPasskeyChallengeOptionsDto {
  @ApiProperty({ type: String, description: 'From the two-factor answer of POST /api/login (or /api/passkeys/login).' })
  @IsString()
  @IsDefined()
  challenge_token: string;
}
