import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ApiError } from './api-error';
import { NewPassword } from './field-rules';
import { declaredFieldOrder, laravelValidationPipe, reportedConstraints } from './validation.pipe';

class Address {
  @IsDefined()
  @IsString()
  street_name: string;
}

class Form {
  @IsDefined()
  @IsString()
  @MaxLength(255)
  name: string;

  @IsDefined()
  @IsString()
  @IsEmail()
  @MaxLength(255)
  email: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  current_password?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  per_page?: number;

  @IsOptional()
  @IsNumber()
  ratio?: number;

  @IsOptional()
  @IsBoolean()
  remember?: boolean;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(2)
  abilities?: string[];

  @IsOptional()
  @IsISO8601()
  expires_at?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Address)
  address?: Address;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: Form, data: '' };
const VALID = { name: 'Ada', email: 'ada@example.com' };

/** The 422 body the pipe produces for `body`, or null when it passes. */
async function errorsFor(body: Record<string, unknown>): Promise<{ message: string; errors: Record<string, string[]> } | null> {
  try {
    await laravelValidationPipe().transform(body, metadata);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(422);
    return (error as ApiError).body as { message: string; errors: Record<string, string[]> };
  }
}

describe('laravelValidationPipe', () => {
  it('returns an instance of the DTO with unknown fields dropped', async () => {
    const result = await laravelValidationPipe().transform({ ...VALID, is_admin: true }, metadata);
    expect(result).toBeInstanceOf(Form);
    expect(result).toEqual({ ...VALID });
  });

  it('reports only "required" for a missing field, whatever else it has', async () => {
    expect(await errorsFor({})).toEqual({
      message: 'The name field is required. (and 1 more error)',
      errors: { name: ['The name field is required.'], email: ['The email field is required.'] },
    });
  });

  it.each([
    [{ current_password: 'short' }, 'current_password', ['The current password field must be at least 8 characters.']],
    [{ name: 'x'.repeat(256) }, 'name', ['The name field must not be greater than 255 characters.']],
    [{ email: 'ada@' }, 'email', ['The email field must be a valid email address.']],
    [{ per_page: 0 }, 'per_page', ['The per page field must be at least 1.']],
    [{ per_page: 101 }, 'per_page', ['The per page field must not be greater than 100.']],
    [{ per_page: '5' }, 'per_page', ['The per page field must be an integer.']],
    [{ per_page: 2.5 }, 'per_page', ['The per page field must be an integer.']],
    [{ ratio: 'half' }, 'ratio', ['The ratio field must be a number.']],
    [{ remember: 'yes' }, 'remember', ['The remember field must be true or false.']],
    [{ abilities: 'read' }, 'abilities', ['The abilities field must be an array.']],
    [{ abilities: ['a', 'b', 'c'] }, 'abilities', ['The abilities field must not have more than 2 items.']],
    [{ expires_at: 'tomorrow' }, 'expires_at', ['The expires at field must be a valid date.']],
  ])('renders %p with Laravel\'s message', async (input, field, messages) => {
    const body = await errorsFor({ ...VALID, ...input });
    expect(body?.errors).toEqual({ [field]: messages });
    expect(body?.message).toBe(messages[0]);
  });

  it('lists a field\'s failures in declaration order (email before max:255)', async () => {
    const body = await errorsFor({ ...VALID, email: `${'x'.repeat(260)}` });
    expect(body?.errors.email).toEqual([
      'The email field must be a valid email address.',
      'The email field must not be greater than 255 characters.',
    ]);
  });

  it('reports a wrong type without the size rules class-validator adds for it', async () => {
    const body = await errorsFor({ name: 12, email: ['ada@example.com'], current_password: 12345678 });
    expect(body?.errors).toEqual({
      name: ['The name field must be a string.'],
      email: ['The email field must be a string.', 'The email field must be a valid email address.'],
      current_password: ['The current password field must be a string.'],
    });
    expect(body?.message).toBe('The name field must be a string. (and 3 more errors)');
  });

  it('names nested fields with dots', async () => {
    const body = await errorsFor({ ...VALID, address: {} });
    expect(body?.errors).toEqual({ 'address.street_name': ['The address.street name field is required.'] });
  });

  it('does not convert types implicitly ("5" is not an integer)', async () => {
    await expect(laravelValidationPipe().transform({ ...VALID, per_page: 5 }, metadata)).resolves.toMatchObject({ per_page: 5 });
    expect(await errorsFor({ ...VALID, per_page: '5' })).not.toBeNull();
  });
});

describe('reportedConstraints', () => {
  it('reverses class-validator\'s bottom-up order, then puts presence and type rules first', () => {
    expect(reportedConstraints(['maxLength', 'isEmail', 'isString'])).toEqual(['isString', 'isEmail']);
    expect(reportedConstraints(['maxLength', 'isEmail'])).toEqual(['isEmail', 'maxLength']);
    expect(reportedConstraints(['confirmed', 'minLength'])).toEqual(['minLength', 'confirmed']);
  });

  it('keeps only the presence rule when the value is missing', () => {
    expect(reportedConstraints(['maxLength', 'isString', 'isDefined'])).toEqual(['isDefined']);
  });

  it('drops size rules only when a type rule failed', () => {
    expect(reportedConstraints(['max', 'min', 'isInt'])).toEqual(['isInt']);
    expect(reportedConstraints(['max'])).toEqual(['max']);
  });
});

describe('field order of inherited DTOs', () => {
  class Credentials {
    @IsDefined()
    @IsString()
    email: string;

    @IsDefined()
    password: string;
  }
  class DeviceCredentials extends Credentials {
    @IsDefined()
    device_name: string;

    @IsOptional()
    @MaxLength(3)
    note?: string;
  }

  it('declaredFieldOrder lists a base class\'s fields before its subclass\'s', () => {
    expect(declaredFieldOrder(DeviceCredentials)).toEqual(['email', 'password', 'device_name', 'note']);
    expect(declaredFieldOrder(Credentials)).toEqual(['email', 'password']);
  });

  it('the 422 summary starts with the base class\'s first field', async () => {
    const pipe = laravelValidationPipe();
    const error = await pipe.transform({}, { type: 'body', metatype: DeviceCredentials, data: '' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    const body = (error as ApiError).body;
    expect(Object.keys(body.errors ?? {})).toEqual(['email', 'password', 'device_name']);
    expect(body.message).toBe('The email field is required. (and 2 more errors)');
  });

  it('counts a password\'s UTF-8 bytes, not its characters, against the 72-byte limit', async () => {
    class NewPasswordForm {
      @NewPassword()
      password: string;

      @IsOptional()
      password_confirmation?: string;
    }
    const pipe = laravelValidationPipe();
    const check = (password: string) =>
      pipe.transform({ password, password_confirmation: password }, { type: 'body', metatype: NewPasswordForm, data: '' }).then(
        () => null,
        (caught: ApiError) => caught.body.errors,
      );
    expect(await check('é'.repeat(36))).toBeNull();
    expect(await check('é'.repeat(37))).toEqual({ password: ['The password field must not be greater than 72 bytes.'] });
  });
});
