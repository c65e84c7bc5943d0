import 'reflect-metadata';

/** One extra user field the host declares; its column is added by the host's own migration. */
export interface UserFieldDefinition {
  type: 'string' | 'number' | 'boolean';
  /** Column in `users`; default: the field name (itself snake_case, the key in the body and the user JSON). */
  column?: string;
  required?: boolean;
  /** Strings only: Laravel's `max:N`. */
  maxLength?: number;
  /** Numbers only: Laravel's `integer` instead of `numeric`. */
  integer?: boolean;
  nullable?: boolean;
  /** Laravel's `in:a,b`: the only values a client may send (a role picked at registration…). */
  oneOf?: ReadonlyArray<string | number>;
  /** Where the client may set it; default neither (read-only: the host writes it itself). */
  input?: { register?: boolean; profile?: boolean };
}

export type UserFieldDefinitions = Record<string, UserFieldDefinition>;
export type UserFieldPurpose = 'register' | 'profile';
export type UserFieldValues = Record<string, unknown>;

/** The host's `users.fields` option, checked at start; empty = none. */
export const USER_FIELDS = Symbol('USER_FIELDS');

export interface ResolvedUserField extends UserFieldDefinition {
  name: string;
  column: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Validates names and columns once, so the raw SQL only ever quotes checked identifiers. */
export function resolveUserFields(definitions: UserFieldDefinitions | undefined): ResolvedUserField[] {
  return Object.entries(definitions ?? {}).map(([name, definition]) => {
    const column = definition.column ?? name;
    if (!IDENTIFIER.test(name)) throw new Error(`Gatehouse: users.fields name "${name}" must match ${IDENTIFIER}`);
    if (!IDENTIFIER.test(column)) throw new Error(`Gatehouse: users.fields.${name}.column must match ${IDENTIFIER}`);
    if (!['string', 'number', 'boolean'].includes(definition.type)) throw new Error(`Gatehouse: users.fields.${name}.type must be string, number or boolean`);
    if (definition.oneOf !== undefined && !(Array.isArray(definition.oneOf) && definition.oneOf.every((value) => typeof value === definition.type))) {
      throw new Error(`Gatehouse: users.fields.${name}.oneOf must list values of type ${definition.type}`);
    }
    return { ...definition, name, column };
  });
}

const PURPOSE_KEY = Symbol('gatehouse:user-field-purpose');

/** Marks a DTO whose body may carry the host's extra fields (inherited by subclasses). */
export const AcceptsUserFields = (purpose: UserFieldPurpose): ClassDecorator => (target) => Reflect.defineMetadata(PURPOSE_KEY, purpose, target);

export const userFieldPurposeOf = (dto: unknown): UserFieldPurpose | undefined =>
  typeof dto === 'function' ? (Reflect.getMetadata(PURPOSE_KEY, dto) as UserFieldPurpose | undefined) : undefined;

/** Where the validation pipe leaves the accepted extra values on the DTO instance. */
export const USER_FIELD_INPUT = Symbol('gatehouse:user-field-input');

export const userFieldInputOf = (dto: object): UserFieldValues | undefined => (dto as { [USER_FIELD_INPUT]?: UserFieldValues })[USER_FIELD_INPUT];

const attribute = (name: string) => name.replace(/_/g, ' ');

function messageFor(field: ResolvedUserField, value: unknown): string | null {
  const label = attribute(field.name);
  const missing = value === undefined || value === null || value === '';
  if (missing && field.required) return `The ${label} field is required.`;
  if (value === undefined || (value === null && field.nullable)) return null;
  if (field.type === 'string') {
    if (typeof value !== 'string') return `The ${label} field must be a string.`;
    if (field.maxLength !== undefined && [...value].length > field.maxLength) return `The ${label} field must not be greater than ${field.maxLength} characters.`;
  }
  if (field.type === 'number') {
    if (field.integer && !Number.isInteger(value)) return `The ${label} field must be an integer.`;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `The ${label} field must be a number.`;
  }
  if (field.type === 'boolean' && typeof value !== 'boolean') return `The ${label} field must be true or false.`;
  if (field.oneOf && !field.oneOf.includes(value as string | number)) return `The selected ${label} is invalid.`;
  return null;
}

/** Laravel-style errors and the accepted values of the fields settable for `purpose`; others are ignored. */
export function checkUserFields(fields: ResolvedUserField[], purpose: UserFieldPurpose, body: unknown): { errors: Record<string, string[]>; values: UserFieldValues } {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const values: UserFieldValues = {};
  for (const field of fields.filter((candidate) => candidate.input?.[purpose] === true)) {
    const value = input[field.name];
    const message = messageFor(field, value);
    if (message) errors[field.name] = [message];
    else if (value !== undefined) values[field.name] = value;
  }
  return { errors, values };
}
