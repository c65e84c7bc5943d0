/** The host's `messages.failedLogin`: what a wrong email or password answers (422 `errors.email`). */
export const FAILED_LOGIN_MESSAGE = Symbol('FAILED_LOGIN_MESSAGE');

/** Laravel's `auth.failed` line, Fortify's answer to a wrong email or password. */
export const CREDENTIALS_MISMATCH = 'These credentials do not match our records.';

/** Stored in no column and shown to every client, so one line of plain text: what a translation file holds. */
export function assertFailedLoginMessage(message: unknown): void {
  if (message === undefined) return;
  if (typeof message !== 'string' || message.trim() === '' || message.length > 255 || /[\r\n]/.test(message)) {
    throw new Error('Gatehouse: messages.failedLogin must be a non-empty single line of at most 255 characters');
  }
}
