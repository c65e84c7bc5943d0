/**
 * Sanctum's first-party ("stateful") request detection: requests whose Origin
 * (or Referer) matches a configured domain get cookie-session authentication.
 */

/**
 * Reduces an Origin or Referer to its scheme-less host[:port], so that an entry can only ever
 * match the host: Sanctum matches the whole Referer (path included), which lets a wildcard entry
 * such as `*.example.org` accept `https://evil.test/x.example.org/`. Like Sanctum, only the first
 * `https://` and then the first `http://` are removed; the rest is cut at the first `/`, `?` or
 * `#`, and a userinfo part (`user@`) is dropped.
 */
export function sourceHost(source: string): string {
  const stripped = source.replace('https://', '').replace('http://', '');
  const authority = stripped.split(/[/?#]/, 1)[0];
  return authority.slice(authority.lastIndexOf('@') + 1);
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Laravel's Str::is(): `*` matches any run of characters; anchored and case-sensitive. The
 * candidate is a bare host[:port], so `*` can no longer reach into a path.
 */
function compileEntry(entry: string): RegExp {
  const pattern = entry.split('*').map(escapeRegExp).join('.*');
  return new RegExp(`^${pattern}$`);
}

/** Distinct sources remembered per matcher; a client sending ever new Referers only empties it now and then. */
const REMEMBERED_SOURCES = 512;

export class StatefulMatcher {
  // Compiled once because matching runs on every request.
  private readonly patterns: readonly RegExp[];
  // The answer per Origin (or Referer) as sent: a first-party SPA sends the same one on every request.
  private readonly answers = new Map<string, boolean>();

  constructor(domains: string[]) {
    this.patterns = domains
      .map((domain) => domain.trim())
      .filter((domain) => domain !== '')
      .map(compileEntry);
  }

  /** Origin wins because browsers send it unforgeably and without a path. */
  isStateful(origin?: string, referer?: string): boolean {
    const source = origin || referer;
    return source ? this.matches(source) : false;
  }

  /** CORS check for the Origin header alone. */
  originAllowed(origin: string): boolean {
    return origin !== '' && this.matches(origin);
  }

  private matches(source: string): boolean {
    const known = this.answers.get(source);
    if (known !== undefined) return known;
    const candidate = sourceHost(source);
    const answer = candidate !== '' && this.patterns.some((pattern) => pattern.test(candidate));
    if (this.answers.size >= REMEMBERED_SOURCES) this.answers.clear();
    this.answers.set(source, answer);
    return answer;
  }
}

const TRUTHY_INPUTS = new Set(['1', 'true', 'on', 'yes']);

/** Laravel's `$request->boolean()` (PHP FILTER_VALIDATE_BOOLEAN, which also trims). */
export function parseBooleanInput(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value !== 'string') return false;
  return TRUTHY_INPUTS.has(value.trim().toLowerCase());
}
