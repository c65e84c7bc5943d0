import { User } from './user.entity';

/** A team the user belongs to (holds a role assigned in it): the admin API's team JSON, `{ id, name, ...teams.fields }`. */
export interface UserTeam {
  id: number;
  name: string;
  [field: string]: unknown;
}

/** The user's roles and permissions in the current team, and every team the user belongs to (by name). */
export interface UserAccess {
  roles: string[];
  permissions: string[];
  teams: UserTeam[];
}

export const NO_ACCESS: Readonly<UserAccess> = Object.freeze({ roles: [], permissions: [], teams: [] });

export interface UserResponse {
  id: number;
  name: string;
  email: string;
  email_verified_at: string | null;
  two_factor_enabled: boolean;
  locale: string | null;
  current_team_id: number | null;
  roles: string[];
  permissions: string[];
  created_at: string;
  updated_at: string;
}

/** Login asks for a code only once two-factor authentication is confirmed. */
export const hasConfirmedTwoFactor = (user: User) => Boolean(user.twoFactorSecret && user.twoFactorConfirmedAt);

/** The user JSON of docs/http-contract.md §7: never a hash, secret or recovery code. */
export function toUserResponse(user: User, access: UserAccess = NO_ACCESS): UserResponse {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    email_verified_at: user.emailVerifiedAt ? user.emailVerifiedAt.toISOString() : null,
    two_factor_enabled: hasConfirmedTwoFactor(user),
    locale: user.locale,
    current_team_id: user.currentTeamId,
    roles: access.roles,
    permissions: access.permissions,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}
