import { User } from './user.entity';

export interface UserAccess {
  roles: string[];
  permissions: string[];
}

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
export function toUserResponse(user: User, access: UserAccess = { roles: [], permissions: [] }): UserResponse {
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
