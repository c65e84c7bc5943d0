import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { ApiError, validationError } from './api-error';
import { checkHostFields, HOST_FIELD_INPUT, HostFieldSets, hostFieldTargetOf } from './host-field-rules';

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
  isIso8601: 'The :attribute field must be a valid date.', // class-validator's name for @IsISO8601()
  minLength: 'The :attribute field must be at least :min characters.',
  maxLength: 'The :attribute field must not be greater than :max characters.',
  min: 'The :attribute field must be at least :min.',
  max: 'The :attribute field must not be greater than :max.',
  arrayMaxSize: 'The :attribute field must not have more than :max items.',
};

// Laravel reports failures in rule order (required|string|email|max). class-validator records them
// bottom-up (decorators apply last first), so the list is reversed, then presence and type rules lead.
const PRIORITY = ['isDefined', 'isNotEmpty', 'arrayNotEmpty', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray'];
const rank = (constraint: string) => {
  const index = PRIORITY.indexOf(constraint);
  return index === -1 ? PRIORITY.length : index;
};
const REQUIRED = new Set(['isDefined', 'isNotEmpty', 'arrayNotEmpty']);
const TYPES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isArray']);
// class-validator fails length rules for any non-string; Laravel measures the value as it is
// (a number, an array) and would not add "at least 8 characters" to "must be a string".
const SIZES = new Set(['minLength', 'maxLength', 'maxBytes', 'min', 'max', 'arrayMinSize', 'arrayMaxSize']);

/** The failed rules of one field as Laravel would report them. */
export function reportedConstraints(constraintNames: string[]): string[] {
  const ordered = [...constraintNames].reverse().sort((a, b) => rank(a) - rank(b));
  // As in Laravel, a missing required field reports only that.
  if (REQUIRED.has(ordered[0])) return ordered.slice(0, 1);
  if (ordered.some((name) => TYPES.has(name))) return ordered.filter((name) => !SIZES.has(name));
  return ordered;
}

function messagesFor(field: string, error: ValidationError): string[] {
  const reported = reportedConstraints(Object.keys(error.constraints ?? {}));
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

const declaredOrders = new WeakMap<object, string[]>();

/**
 * The DTO's fields as declared, a base class's before its subclass's (ApiLoginDto: email, password,
 * then device_name), as Laravel lists a rule set. class-validator reports a subclass's fields first.
 */
export function declaredFieldOrder(dto: abstract new (...args: never[]) => unknown): string[] {
  const cached = declaredOrders.get(dto);
  if (cached) return cached;
  const chain: unknown[] = [];
  for (let cls: unknown = dto; typeof cls === 'function' && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) chain.unshift(cls);
  const all = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const order = [...new Set(chain.flatMap((cls) => all.filter((metadata) => metadata.target === cls).map((metadata) => metadata.propertyName)))];
  declaredOrders.set(dto, order);
  return order;
}

function inDeclaredOrder(errors: ValidationError[]): ValidationError[] {
  const target = errors[0]?.target;
  if (!target) return errors;
  const order = declaredFieldOrder(target.constructor as new () => unknown);
  const position = (error: ValidationError) => (order.includes(error.property) ? order.indexOf(error.property) : order.length);
  return [...errors].sort((a, b) => position(a) - position(b));
}

function collect(errors: ValidationError[], prefix = '', out: Record<string, string[]> = {}): Record<string, string[]> {
  for (const error of inDeclaredOrder(errors)) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) out[field] = messagesFor(field, error);
    if (error.children?.length) collect(error.children, field, out);
  }
  return out;
}

/** DTO validation with Laravel's 422 shape: unknown fields are dropped, wrong types are 422. */
export function laravelValidationPipe(hostFields: HostFieldSets = { users: [], teams: [] }): ValidationPipe {
  return new HostFieldsValidationPipe(hostFields, {
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    transformOptions: { enableImplicitConversion: false },
    // The target (the DTO instance) tells the factory the declared field order; it is never rendered.
    validationError: { target: true },
    exceptionFactory: (errors) => validationError(collect(errors)),
  });
}

/**
 * The host's extra fields (`users.fields`, `teams.fields`) on the DTOs that accept them: checked on the raw body and
 * reported after the DTO's own fields in one 422; the accepted values ride on the DTO under HOST_FIELD_INPUT.
 */
class HostFieldsValidationPipe extends ValidationPipe {
  constructor(
    private readonly hostFields: HostFieldSets,
    options: ConstructorParameters<typeof ValidationPipe>[0],
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A custom parameter (@CurrentUser, @Auth…) is never validated (validateCustomDecorators is off): no metadata lookups for it.
    if (metadata.type === 'custom') return value;
    const target = hostFieldTargetOf(metadata.metatype);
    const fields = target ? this.hostFields[target.table] : [];
    if (!target || fields.length === 0) return super.transform(value, metadata);
    const extra = checkHostFields(fields, target, value);
    let dto: unknown;
    try {
      dto = await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof ApiError) || error.getStatus() !== 422) throw error;
      throw validationError({ ...(error.body.errors ?? {}), ...extra.errors });
    }
    if (Object.keys(extra.errors).length > 0) throw validationError(extra.errors);
    Object.defineProperty(dto, HOST_FIELD_INPUT, { value: extra.values, enumerable: false });
    return dto;
  }
}
