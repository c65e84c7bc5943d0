/** Which body field named the user (Fortify's `email`, or `username`), and whether a session or a token is asked for. */
export interface LoginIdentifier {
  field: 'email' | 'username';
  via: 'session' | 'token';
}

/** Keyed by the request object: set by the credentials guard, read by the strategy it runs. */
const identifiers = new WeakMap<object, LoginIdentifier>();

/**
 * The identifier may come as `email` (Fortify's default) or `username`; passport-local reads one field, so the
 * guard hands a `username` to it as `email` and remembers the field here, for the errors to name the one sent.
 */
export function loginFieldOf(body: Record<string, unknown>): LoginIdentifier['field'] {
  return body.email === undefined && typeof body.username === 'string' ? 'username' : 'email';
}

export const rememberLoginIdentifier = (request: object, identifier: LoginIdentifier) => identifiers.set(request, identifier);

export const loginIdentifierOf = (request: object): LoginIdentifier => identifiers.get(request) ?? { field: 'email', via: 'session' };
