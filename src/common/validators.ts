import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

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
