import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Confirmed } from './validators';

// Listed last rule first: applyDecorators applies in array order, stacked decorators bottom-up,
// and the validation pipe reports messages in the order a stacked DTO would (Laravel's rule order).

/** `required|string|max:255` */
export const RequiredString = (max = 255) => applyDecorators(MaxLength(max), IsString(), IsDefined());

/** `required|string|email|max:255` */
export const RequiredEmail = () => applyDecorators(MaxLength(255), IsEmail(), IsString(), IsDefined());

/** Fortify's new-password rules: `required|string|min:8|confirmed` (with `<field>_confirmation`). */
export const NewPassword = () => applyDecorators(Confirmed(), MinLength(8), IsString(), IsDefined());
