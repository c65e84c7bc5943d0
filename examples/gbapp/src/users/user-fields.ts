import type { UserFieldDefinitions } from 'gatehouse';

/**
 * GB App's user columns. All read-only for clients: the back office and the LDAP sync (`username` from the
 * directory, LDAP_ATTRIBUTES) write them. `is_ldap_user` is Gatehouse's own column (`user.isLdapUser`).
 */
export const GB_USER_FIELDS: UserFieldDefinitions = {
  username: { type: 'string', maxLength: 255, nullable: true },
  type: { type: 'string', maxLength: 50 },
  codigo_vendedor: { type: 'string', maxLength: 20, nullable: true },
  cedula: { type: 'string', maxLength: 20, nullable: true },
  profile_photo_path: { type: 'string', maxLength: 2048, nullable: true },
};

/** What GB App's user columns hold, as `user.fields` carries them. */
export interface GbUserFields {
  username: string | null;
  type: string;
  codigo_vendedor: string | null;
  cedula: string | null;
  profile_photo_path: string | null;
}
