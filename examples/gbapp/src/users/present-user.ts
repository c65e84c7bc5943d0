import type { User, UserAccess, UserPresentFn } from 'gatehouse';
import type { LaravelDateFormat } from './laravel-date';
import { profilePhotoUrl } from './profile-photo';
import type { GbUserFields } from './user-fields';

/** GB App's user JSON (its `GET /api/user`), wherever Gatehouse returns a user. */
export function gbUserPresenter(appUrl: string, formatDate: LaravelDateFormat): UserPresentFn {
  return (user: User, access: UserAccess) => {
    const fields = (user.fields ?? {}) as Partial<GbUserFields>;
    return {
      id: user.id,
      name: user.name,
      username: fields.username ?? null,
      email: user.email,
      type: fields.type ?? 'customer',
      codigo_vendedor: fields.codigo_vendedor ?? null,
      cedula: fields.cedula ?? null,
      is_ldap_user: user.isLdapUser,
      role_names: access.roles,
      permission_names: access.permissions,
      profile_photo_url: profilePhotoUrl(appUrl, user.name, fields.profile_photo_path ?? null),
      email_verified_at: user.emailVerifiedAt ? formatDate(user.emailVerifiedAt) : null,
      created_at: formatDate(user.createdAt),
      updated_at: formatDate(user.updatedAt),
    };
  };
}
