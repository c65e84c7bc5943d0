import type { User, UserAccess, UserFieldDefinitions } from 'gatehouse';

/** A user without a locale of its own sees the app in English, as XetaSuite's `users.locale` default. */
export const DEFAULT_LOCALE = 'en';

/** XetaSuite's own user columns (added by its migration); set by its seeder and admin code, not by clients. */
export const xetaUserFields: UserFieldDefinitions = {
  first_name: { type: 'string', maxLength: 255, nullable: true },
  last_name: { type: 'string', maxLength: 255, nullable: true },
  username: { type: 'string', maxLength: 255, nullable: true },
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** `GET /api/v1/user`: `{ data: … }` with the current site's roles and permissions and every site the user works in. */
export function presentXetaUser(user: User, { roles, permissions, teams }: UserAccess) {
  const firstName = text(user.fields?.first_name);
  const lastName = text(user.fields?.last_name);
  return {
    data: {
      id: user.id,
      first_name: firstName,
      last_name: lastName,
      full_name: [firstName, lastName].filter(Boolean).join(' ') || user.name,
      email: user.email,
      username: text(user.fields?.username),
      locale: user.locale ?? DEFAULT_LOCALE,
      current_site_id: user.currentTeamId,
      roles,
      permissions,
      sites: teams.map((site) => ({ id: site.id, name: site.name, is_headquarters: site.is_headquarters === true })),
    },
  };
}
