import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Confirmed, MaxBytes } from './validators';

/** bcrypt ignores every byte after the 72nd, so longer passwords are refused rather than cut. */
export const PASSWORD_MAX_BYTES = 72;

// Listed last rule first: applyDecorators applies in array order, stacked decorators bottom-up,
// and the validation pipe reports messages in the order a stacked DTO would (Laravel's rule order).

/** `required|string|max:255` */
export const RequiredString = (max = 255) => applyDecorators(MaxLength(max), IsString(), IsDefined());

/** `required|string|email|max:255` (the length is max:255's to report, not the email rule's). */
export const RequiredEmail = () => applyDecorators(MaxLength(255), IsEmail({ ignore_max_length: true }), IsString(), IsDefined());

/** `required|string|max:255` without the email format (Fortify's login). */
export const RequiredLogin = () => applyDecorators(MaxLength(255), IsString(), IsDefined());

/**
 * Fortify's new-password rules plus bcrypt's limit: `required|string|min:8|<72 bytes>|confirmed`
 * (with `<field>_confirmation`).
 */
export const NewPassword = () => applyDecorators(Confirmed(), MaxBytes(PASSWORD_MAX_BYTES), MinLength(8), IsString(), IsDefined());
