import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { RequiredString } from '../../common/field-rules';

/** POST /api/auth/{provider}/token: a native SDK's `id_token`, or an in-app PKCE flow's `code` + `code_verifier` + `redirect_uri`. */
export class SocialTokenDto {
  @ApiProperty({ type: String, maxLength: 255, example: 'iPhone 15' })
  @RequiredString()
  device_name: string;

  @ApiPropertyOptional({ type: String, description: 'An OpenID Connect id_token (required without code)' })
  @ValidateIf((body: SocialTokenDto) => body.code === undefined)
  @IsString({ message: 'The id token field is required when code is not present.' })
  @MaxLength(8192)
  id_token?: string;

  @ApiPropertyOptional({ type: String, description: 'The nonce the app sent to the provider; checked against the id_token' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  nonce?: string;

  @ApiPropertyOptional({ type: String, description: 'An authorization code (required without id_token)' })
  @ValidateIf((body: SocialTokenDto) => body.id_token === undefined)
  @IsString({ message: 'The code field is required when id token is not present.' })
  @MaxLength(2048)
  code?: string;

  @ApiPropertyOptional({ type: String, description: 'The PKCE verifier (required with code)' })
  @ValidateIf((body: SocialTokenDto) => body.code !== undefined)
  @IsString({ message: 'The code verifier field is required when code is present.' })
  @MaxLength(128)
  code_verifier?: string;

  @ApiPropertyOptional({ type: String, description: 'The redirect URI the code was issued to (required with code)' })
  @ValidateIf((body: SocialTokenDto) => body.code !== undefined)
  @IsString({ message: 'The redirect uri field is required when code is present.' })
  @MaxLength(2048)
  redirect_uri?: string;
}
