import { HttpException } from '@nestjs/common';

/** Why a 401/419 happened; shown to clients outside production only (docs/http-contract.md §2.9). */
export type FailureReason =
  | 'no_credentials'
  | 'origin_not_stateful'
  | 'session_expired'
  | 'token_invalid'
  | 'token_expired'
  | 'xsrf_header_missing'
  | 'xsrf_mismatch';

export interface ErrorBody {
  message: string;
  errors?: Record<string, string[]>;
  reason?: FailureReason;
}

/**
 * An error already in Laravel's shape. Services throw these; the global filter renders them
 * and removes `reason` in production.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body, status);
  }
}

export const Messages = {
  badJson: 'The request body is not valid JSON.',
  tooDeep: 'The request body is nested too deeply.',
  unauthenticated: 'Unauthenticated.',
  unauthorized: 'This action is unauthorized.',
  invalidAbility: 'Invalid ability provided.',
  unverified: 'Your email address is not verified.',
  notFound: 'Not Found.',
  payloadTooLarge: 'Payload Too Large.',
  csrfMismatch: 'CSRF token mismatch.',
  passwordConfirmationRequired: 'Password confirmation required.',
  tooManyAttempts: 'Too Many Attempts.',
  serverError: 'Server Error.',
  serviceUnavailable: 'Service Unavailable.',
} as const;

export const unauthenticated = (reason?: FailureReason) =>
  new ApiError(401, reason ? { message: Messages.unauthenticated, reason } : { message: Messages.unauthenticated });

export const csrfMismatch = (reason: FailureReason) => new ApiError(419, { message: Messages.csrfMismatch, reason });

export const forbidden = (message: string = Messages.unauthorized) => new ApiError(403, { message });

export const notFound = (message: string = Messages.notFound) => new ApiError(404, { message });

export const passwordConfirmationRequired = () => new ApiError(423, { message: Messages.passwordConfirmationRequired });

export const tooManyAttempts = (retryAfterSeconds: number, message: string = Messages.tooManyAttempts) =>
  new ApiError(429, { message }, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** Laravel's summary: the first message, plus "(and N more error[s])" counting every other message. */
export function validationSummary(errors: Record<string, string[]>): string {
  const messages = Object.values(errors).flat();
  if (messages.length === 0) return 'The given data was invalid.';
  const more = messages.length - 1;
  if (more === 0) return messages[0];
  return `${messages[0]} (and ${more} more error${more === 1 ? '' : 's'})`;
}

export const validationError = (errors: Record<string, string[]>, status = 422, headers: Record<string, string> = {}) =>
  new ApiError(status, { message: validationSummary(errors), errors }, headers);

/** A single-field validation failure, the most common case (e.g. wrong credentials). */
export const fieldError = (field: string, message: string) => validationError({ [field]: [message] });
