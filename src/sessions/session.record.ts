/** A session row as the app sees it (the cookie's id itself is never stored). */
export interface SessionRecord {
  /** SHA-256 hex of the cookie's id: the primary key. */
  hash: string;
  /** Public handle for listing and revoking (never the cookie value). */
  publicId: string;
  userId: number;
  remember: boolean;
  ipAddress: string | null;
  userAgent: string | null;
  payload: SessionPayload;
  lastActivity: Date;
  expiresAt: Date;
}

export interface SessionPayload {
  /** Unix seconds of the last password confirmation (Fortify's auth.password_confirmed_at). */
  password_confirmed_at?: number;
}
