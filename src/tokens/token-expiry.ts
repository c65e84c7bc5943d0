/** What decides when a token stops working. */
export interface TokenLifetime {
  expiresAt: Date | null;
  createdAt: Date;
}

/**
 * The moment a token expires: its own expires_at, or created_at + SANCTUM_EXPIRATION minutes when
 * that is set, whichever comes first; null when neither applies.
 */
export function tokenExpiry(token: TokenLifetime, expirationMinutes: number | null): Date | null {
  const byAge = expirationMinutes === null ? null : new Date(token.createdAt.getTime() + expirationMinutes * 60_000);
  return earliest(token.expiresAt, byAge);
}

/** The earlier of two optional moments (null means "never"). */
export function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
