import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** A string of at most `max` UTF-8 bytes (what bcrypt reads of a password). Non-strings are the type rule's. */
export function MaxBytes(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'maxBytes',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `The :attribute field must not be greater than ${max} bytes.`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= max },
    });
  };
}

/** Laravel's `confirmed`: `<field>_confirmation` must equal the field. */
export function Confirmed(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'confirmed',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'The :attribute field confirmation does not match.', ...options },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          return value === (args.object as Record<string, unknown>)[`${args.property}_confirmation`];
        },
      },
    });
  };
}
