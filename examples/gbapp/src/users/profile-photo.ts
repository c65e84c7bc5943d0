/** PHP's urlencode(): RFC 1738 form encoding (space as `+`, only `-_.` and alphanumerics left as they are). */
function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** Jetstream's defaultProfilePhotoUrl(): the initials of each space-separated part of the name, at ui-avatars. */
export function defaultProfilePhotoUrl(name: string): string {
  const initials = name
    .split(' ')
    .map((segment) => Array.from(segment)[0] ?? '')
    .join(' ')
    .trim();
  return `https://ui-avatars.com/api/?name=${phpUrlencode(initials)}&color=7F9CF5&background=EBF4FF`;
}

/** Jetstream's profile_photo_url: the stored photo on the public disk (`<APP_URL>/storage/<path>`), else the default. */
export function profilePhotoUrl(appUrl: string, name: string, photoPath: string | null): string {
  return photoPath ? `${appUrl.replace(/\/+$/, '')}/storage/${photoPath}` : defaultProfilePhotoUrl(name);
}
