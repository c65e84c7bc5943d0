import { AcceptsHostFields, HostFieldDefinition, hostFieldInputOf, HostFieldValues, ResolvedHostField, resolveHostFields } from './host-field-rules';

/** One extra user field the host declares; its column is added by the host's own migration. */
export type UserFieldDefinition = HostFieldDefinition<UserFieldPurpose>;
export type UserFieldDefinitions = Record<string, UserFieldDefinition>;
export type UserFieldPurpose = 'register' | 'profile';
export type UserFieldValues = HostFieldValues;
export type ResolvedUserField = ResolvedHostField;

/** The host's `users.fields` option, checked at start; empty = none. */
export const USER_FIELDS = Symbol('USER_FIELDS');

export const resolveUserFields = (definitions: UserFieldDefinitions | undefined): ResolvedUserField[] => resolveHostFields('users.fields', definitions);

/** Marks a DTO whose body may carry the host's extra user fields (inherited by subclasses). */
export const AcceptsUserFields = (purpose: UserFieldPurpose): ClassDecorator => AcceptsHostFields({ table: 'users', purpose });

export const userFieldInputOf = hostFieldInputOf;
