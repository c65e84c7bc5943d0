/** A verified personal access token, as attached to a request. */
export interface TokenRecord {
  id: number;
  userId: number;
  name: string;
  abilities: string[];
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  /** Unix seconds of the last password confirmation made with this token. */
  passwordConfirmedAt: number | null;
}
