import { ValidationError, ValidationPipe } from '@nestjs/common';
import { validationError } from './api-error';

// Laravel's English messages (lang/en/validation.php), keyed by class-validator constraint.
const LARAVEL_MESSAGES: Record<string, string> = {
  isDefined: 'The :attribute field is required.',
  isNotEmpty: 'The :attribute field is required.',
  arrayNotEmpty: 'The :attribute field is required.',
  isString: 'The :attribute field must be a string.',
  isInt: 'The :attribute field must be an integer.',
  isNumber: 'The :attribute field must be a number.',
  isBoolean: 'The :attribute field must be true or false.',
  isArray: 'The :attribute field must be an array.',
  isEmail: 'The :attribute field must be a valid email address.',
  isDateString: 'The :attribute field must be a valid date.',
  isISO8601: 'The :attribute field must be a valid date.',
  minLength: 'The :attribute field must be at least :min characters.',
  maxLength: 'The :attribute field must not be greater than :max characters.',
  min: 'The :attribute field must be at least :min.',
  max: 'The :attribute field must not be greater than :max.',
  arrayMaxSize: 'The :attribute field must not have more than :max items.',
};

// Laravel reports failures in rule order (required|string|email|max); class-validator's order is not that.
const PRIORITY = ['isDefined', 'isNotEmpty', 'arrayNotEmpty', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray'];
const rank = (constraint: string) => {
  const index = PRIORITY.indexOf(constraint);
  return index === -1 ? PRIORITY.length : index;
};
const REQUIRED = new Set(['isDefined', 'isNotEmpty', 'arrayNotEmpty']);

function messagesFor(field: string, error: ValidationError): string[] {
  const constraints = Object.keys(error.constraints ?? {}).sort((a, b) => rank(a) - rank(b));
  // As in Laravel, a missing required field reports only that.
  const reported = REQUIRED.has(constraints[0]) ? constraints.slice(0, 1) : constraints;
  const attribute = field.replace(/_/g, ' ');
  const args = (error.contexts ?? {}) as Record<string, Record<string, unknown>>;
  return reported.map((constraint) => {
    const template = LARAVEL_MESSAGES[constraint] ?? error.constraints?.[constraint] ?? 'The :attribute field is invalid.';
    const limits = args[constraint] ?? {};
    return template
      .replace(/:attribute/g, attribute)
      .replace(/:min/g, String(limits.min ?? constraintArg(error, constraint)))
      .replace(/:max/g, String(limits.max ?? constraintArg(error, constraint)));
  });
}

/** class-validator keeps the rule's argument in its default message ("... than or equal to 8 ..."). */
function constraintArg(error: ValidationError, constraint: string): string {
  return error.constraints?.[constraint]?.match(/(\d+)/)?.[1] ?? '';
}

function collect(errors: ValidationError[], prefix = '', out: Record<string, string[]> = {}): Record<string, string[]> {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) out[field] = messagesFor(field, error);
    if (error.children?.length) collect(error.children, field, out);
  }
  return out;
}

/** DTO validation with Laravel's 422 shape: unknown fields are dropped, wrong types are 422. */
export function laravelValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => validationError(collect(errors)),
  });
}
