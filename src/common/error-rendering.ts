import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { isDatabaseUnavailable } from './db-errors';
import { ApiError, ErrorBody, Messages } from './api-error';

export interface RenderedError {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: Messages.badJson,
  401: Messages.unauthenticated,
  403: Messages.unauthorized,
  404: Messages.notFound,
  413: Messages.payloadTooLarge,
  419: Messages.csrfMismatch,
  423: Messages.passwordConfirmationRequired,
  429: Messages.tooManyAttempts,
  503: Messages.serviceUnavailable,
};

// Fastify: a path that is not valid percent-encoding, a path parameter over maxParamLength (414).
const NOT_FOUND_CODES = new Set(['FST_ERR_BAD_URL', 'FST_ERR_MAX_PARAM_LENGTH']);

/**
 * Maps anything thrown (our ApiError, Nest's built-in exceptions, Fastify's parser errors,
 * database outages, bugs) to Laravel's error shapes. Nothing internal ever reaches the body.
 */
export function renderError(error: unknown, isProduction: boolean): RenderedError {
  if (error instanceof ApiError) {
    const body = { ...error.body };
    if (isProduction) delete body.reason;
    return { status: error.getStatus(), body, headers: error.headers };
  }
  if (isDatabaseUnavailable(error)) return plain(503);
  // Laravel's router matches such paths against no route (or an id no record has): 404.
  if (NOT_FOUND_CODES.has((error as { code?: unknown } | null)?.code as string)) return plain(404);
  const status = statusOf(error);
  if (status === undefined || status >= 500) return plain(500);
  // A wrong method on an existing path answers like an unknown route (docs/http-contract.md §10.3).
  if (status === 405) return plain(404);
  return plain(MESSAGE_BY_STATUS[status] ? status : status === 415 ? 400 : status);
}

/**
 * Never the thrown error's own text (Nest's and the driver's messages carry internals): the status's fixed
 * message, else for another client error its reason phrase ("Conflict."). A host's own route that wants its
 * message shown throws `GatehouseHttpError` / `validationError` (exported), which are rendered as they are.
 */
function plain(status: number): RenderedError {
  const fallback = status < 500 && STATUS_CODES[status] ? `${STATUS_CODES[status]}.` : Messages.serverError;
  return { status, body: { message: MESSAGE_BY_STATUS[status] ?? fallback }, headers: {} };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600 ? statusCode : undefined;
}
