import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PERMISSION_NAME } from '../permission-name';

/** Shared field rules of the RBAC DTOs, so every route words its 422s the same way. */

const MAX_NAMES = 200;

export const PlainName = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  MaxLength(255)(target, key);
};

export const PermissionName = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  MaxLength(255)(target, key);
  Matches(PERMISSION_NAME, { message: 'The :attribute field format is invalid.' })(target, key);
};

/** An array of names (may be empty: "none in this scope"). */
export const NameList = (): PropertyDecorator => (target, key) => {
  IsArray()(target, key);
  ArrayMaxSize(MAX_NAMES)(target, key);
  IsString({ each: true })(target, key);
  MaxLength(255, { each: true })(target, key);
};

/** A database id in a body or query: a positive integer that fits a JavaScript number. */
export const RecordId = (): PropertyDecorator => (target, key) => {
  IsInt()(target, key);
  Min(1)(target, key);
  Max(Number.MAX_SAFE_INTEGER)(target, key);
};

export const Required = (): PropertyDecorator => IsDefined();
export const Optional = (): PropertyDecorator => IsOptional();

/**
 * Query strings arrive as text: digits become a number (anything else stays as sent, so the
 * integer rule reports it) and a blank parameter counts as absent.
 */
export const QueryNumber = (): PropertyDecorator =>
  Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    return /^-?\d{1,16}$/.test(trimmed) ? Number(trimmed) : trimmed;
  });

export const QueryText = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));
