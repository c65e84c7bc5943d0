import type { IncomingHttpHeaders } from 'node:http';

/**
 * A person's browser following a link (a click in a mail), not an API client: it accepts HTML, is no
 * XHR, and does not ask for JSON first (Laravel's `expectsJson()` turned around).
 */
export function isBrowserNavigation(headers: IncomingHttpHeaders): boolean {
  const accept = typeof headers.accept === 'string' ? headers.accept.toLowerCase() : '';
  if (!accept.includes('text/html')) return false;
  if (String(headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest') return false;
  const first = accept.split(',')[0].split(';')[0].trim();
  return !(first.includes('/json') || first.includes('+json'));
}

/** `url` with `name=value` in its query, added to a query it already has (a fragment stays last). */
export function withQueryParameter(url: string, name: string, value: string): string {
  const target = new URL(url);
  target.searchParams.set(name, value);
  return target.toString();
}
