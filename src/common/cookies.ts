import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CookieOptions {
  maxAgeSeconds?: number;
  path?: string;
  domain?: string | null;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
}

/** Parses the Cookie header once per request (first occurrence of a name wins, as in PHP). */
export function requestCookies(request: FastifyRequest): Record<string, string> {
  const cached = (request as { _cookies?: Record<string, string> })._cookies;
  if (cached) return cached;
  const cookies: Record<string, string> = {};
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    // Own-property check: a cookie named "constructor" must not be mistaken for a repeat.
    if (name === '' || name === '__proto__' || Object.hasOwn(cookies, name)) continue;
    cookies[name] = valueOf(pair.slice(eq + 1).trim());
  }
  (request as { _cookies?: Record<string, string> })._cookies = cookies;
  return cookies;
}

/** Quotes dropped, percent-escapes decoded (only where there are any: the common value has neither). */
function valueOf(raw: string): string {
  const unquoted = raw.length >= 2 && raw[0] === '"' && raw[raw.length - 1] === '"' ? raw.slice(1, -1) : raw;
  return unquoted.includes('%') ? decode(unquoted) : unquoted;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Serialises like Symfony: percent-encoded value, Expires + Max-Age, then flags. */
export function serializeCookie(name: string, value: string, options: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`];
  if (options.maxAgeSeconds !== undefined) {
    const expires = new Date(Date.now() + options.maxAgeSeconds * 1000);
    parts.push(`Expires=${expires.toUTCString()}`, `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  }
  parts.push(`Path=${options.path ?? '/'}`);
  if (options.domain) parts.push(`Domain=${options.domain}`);
  if (options.secure) parts.push('Secure');
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.sameSite) parts.push(`SameSite=${options.sameSite[0].toUpperCase()}${options.sameSite.slice(1)}`);
  return parts.join('; ');
}

export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  reply.header('set-cookie', serializeCookie(name, value, options));
}
