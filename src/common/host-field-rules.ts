import 'reflect-metadata';

/**
 * One extra field a host declares on a Gatehouse table (`users.fields`, `teams.fields`); its column is added
 * by the host's own migration. `Purpose` names the routes that may set it.
 */
export interface HostFieldDefinition<Purpose extends string> {
  type: 'string' | 'number' | 'boolean';
  /** Column in the table; default: the field name (itself snake_case, the key in the body and the JSON). */
  column?: string;
  required?: boolean;
  /** Strings only: Laravel's `max:N`. */
  maxLength?: number;
  /** Numbers only: Laravel's `integer` instead of `numeric`. */
  integer?: boolean;
  nullable?: boolean;
  /** Laravel's `in:a,b`: the only values a client may send (a role picked at registration…). */
  oneOf?: ReadonlyArray<string | number>;
  /** Where the client may set it; default nowhere (read-only: the host writes it itself). */
  input?: Partial<Record<Purpose, boolean>>;
}

export type HostFieldValues = Record<string, unknown>;

/** Which table's fields a DTO accepts, for which route; `partial`: absent fields keep their value (Laravel's `sometimes`). */
export interface HostFieldTarget {
  table: 'users' | 'teams';
  purpose: string;
  partial?: boolean;
}

export interface ResolvedHostField extends HostFieldDefinition<string> {
  name: string;
  column: string;
}

/** Every table's resolved fields, as the validation pipe receives them. */
export type HostFieldSets = Record<HostFieldTarget['table'], ResolvedHostField[]>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Validates names and columns once, so the raw SQL only ever quotes checked identifiers. */
export function resolveHostFields(
  option: string,
  definitions: Record<string, HostFieldDefinition<string>> | undefined,
  reserved: readonly string[] = [],
): ResolvedHostField[] {
  return Object.entries(definitions ?? {}).map(([name, definition]) => {
    const column = definition.column ?? name;
    if (!IDENTIFIER.test(name)) throw new Error(`Gatehouse: ${option} name "${name}" must match ${IDENTIFIER}`);
    if (reserved.includes(name)) throw new Error(`Gatehouse: ${option} name "${name}" is a built-in key`);
    if (!IDENTIFIER.test(column)) throw new Error(`Gatehouse: ${option}.${name}.column must match ${IDENTIFIER}`);
    if (!['string', 'number', 'boolean'].includes(definition.type)) throw new Error(`Gatehouse: ${option}.${name}.type must be string, number or boolean`);
    if (definition.oneOf !== undefined && !(Array.isArray(definition.oneOf) && definition.oneOf.every((value) => typeof value === definition.type))) {
      throw new Error(`Gatehouse: ${option}.${name}.oneOf must list values of type ${definition.type}`);
    }
    return { ...definition, name, column };
  });
}

const TARGET_KEY = Symbol('gatehouse:host-field-target');

/** Marks a DTO whose body may carry the host's extra fields of `target.table` (inherited by subclasses). */
export const AcceptsHostFields = (target: HostFieldTarget): ClassDecorator => (dto) => Reflect.defineMetadata(TARGET_KEY, target, dto);

export const hostFieldTargetOf = (dto: unknown): HostFieldTarget | undefined =>
  typeof dto === 'function' ? (Reflect.getMetadata(TARGET_KEY, dto) as HostFieldTarget | undefined) : undefined;

/** Where the validation pipe leaves the accepted extra values on the DTO instance. */
export const HOST_FIELD_INPUT = Symbol('gatehouse:host-field-input');

export const hostFieldInputOf = (dto: object): HostFieldValues | undefined => (dto as { [HOST_FIELD_INPUT]?: HostFieldValues })[HOST_FIELD_INPUT];

const attribute = (name: string) => name.replace(/_/g, ' ');

function messageFor(field: ResolvedHostField, value: unknown, partial: boolean, fromClient = true): string | null {
  const label = attribute(field.name);
  const missing = value === undefined || value === null || value === '';
  if (missing && field.required && !(partial && value === undefined)) return `The ${label} field is required.`;
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
  // `oneOf` limits what clients may pick; the host's own code may set any value of the type (an admin role…).
  if (fromClient && field.oneOf && !field.oneOf.includes(value as string | number)) return `The selected ${label} is invalid.`;
  return null;
}

/** Laravel-style errors and the accepted values of the fields settable for the target's purpose; others are ignored. */
export function checkHostFields(fields: ResolvedHostField[], target: HostFieldTarget, body: unknown): { errors: Record<string, string[]>; values: HostFieldValues } {
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  const values: HostFieldValues = {};
  for (const field of fields.filter((candidate) => candidate.input?.[target.purpose] === true)) {
    const value = input[field.name];
    const message = messageFor(field, value, target.partial === true);
    if (message) errors[field.name] = [message];
    else if (value !== undefined) values[field.name] = value;
  }
  return { errors, values };
}

/**
 * The values a host's own code sets (GatehouseUsers.create): any declared field, settable by clients or not;
 * a name that is not declared is an error too, since it would be silently dropped.
 */
export function checkHostSetFields(fields: ResolvedHostField[], values: HostFieldValues): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const name of Object.keys(values)) {
    if (!fields.some((field) => field.name === name)) errors[name] = [`The ${attribute(name)} field is not a declared field.`];
  }
  for (const field of fields) {
    const message = messageFor(field, values[field.name], false, false);
    if (message) errors[field.name] = [message];
  }
  return errors;
}
