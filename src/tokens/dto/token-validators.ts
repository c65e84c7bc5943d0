import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const badAbilityIndex = (list: unknown[]) => list.findIndex((item) => typeof item !== 'string' || item === '');

/**
 * Laravel's `array` + `<field>.*: required|string`: an array of non-empty strings. The message
 * names the first bad element as Laravel does (`The abilities.1 field must be a string.`).
 */
export function IsAbilityList(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'abilityList',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => Array.isArray(value) && badAbilityIndex(value) === -1,
        defaultMessage(args: ValidationArguments) {
          if (!Array.isArray(args.value)) return 'The :attribute field must be an array.';
          const index = badAbilityIndex(args.value);
          const item: unknown = args.value[index];
          // Blank strings arrive as null (ConvertEmptyStringsToNull), which Laravel calls missing.
          if (item === null || item === undefined || item === '') return `The :attribute.${index} field is required.`;
          return `The :attribute.${index} field must be a string.`;
        },
      },
    });
  };
}

/**
 * Laravel's `after:now`. Values that are not dates at all pass here, so that only the
 * date rule reports them.
 */
export function IsAfterNow(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'afterNow',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'The :attribute field must be a date after now.', ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return true;
          const time = Date.parse(value);
          return Number.isNaN(time) || time > Date.now();
        },
      },
    });
  };
}

/** Abilities as stored: duplicates dropped, order kept. */
export const uniqueAbilities = (abilities: string[]) => [...new Set(abilities)];
