import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../auth/csrf';
import { handOffSession } from '../auth/session-answer';
import { guestHandoff, sessionHandleOf } from '../auth/session-handle';
import { isBrowserNavigation } from '../common/browser-navigation';
import { renderError } from '../common/error-rendering';
import { sendError } from '../common/http-exception.filter';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { resetErrorPage, resetFormPage, ResetFormView } from './reset-password.page';

const HTML = 'text/html; charset=utf-8';

/**
 * The reset form for this request's session. A visitor without one gets a guest session (no row, as
 * /sanctum/csrf-cookie does), so the form's `_token` matches the cookie the browser sends back.
 */
export function sendResetForm(reply: FastifyReply, request: FastifyRequest, appKey: Buffer, view: Omit<ResetFormView, 'csrfToken'>): string {
  const handoff = guestHandoff(sessionHandleOf(request.gatehouse));
  handOffSession(reply, handoff);
  // The page carries the reset token and a CSRF token: no cache (shared or back/forward) keeps it.
  reply.type(HTML).header('cache-control', 'no-store');
  return resetFormPage({ ...view, csrfToken: csrfTokenFor(appKey, handoff.sessionId) });
}

/** The path a form on this page posts to: the request's own, without its query. */
export function requestPath(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

const stringOr = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

/**
 * POST /reset-password from the form, in a browser: a validation error shows the form again with its
 * messages (422), any other error a small page of its status (a stale `_token`: 419). Re-rendering
 * needs no flashed session data, which a redirect back would. API clients get the JSON errors as ever.
 */
@Injectable()
@Catch()
export class ResetPasswordFormFilter implements ExceptionFilter {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (!isBrowserNavigation(request.headers) || reply.sent) return sendError(exception, request, reply, this.config.isProduction);
    const rendered = renderError(exception, this.config.isProduction);
    if (rendered.status >= 500) request.log.error({ err: exception, status: rendered.status }, 'request failed');
    if (rendered.status !== 422 || !rendered.body.errors || request.gatehouse === undefined) {
      void reply.status(rendered.status).headers(rendered.headers).type(HTML).send(resetErrorPage(rendered.status, rendered.body.message));
      return;
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const view = { action: requestPath(request), token: stringOr(body.token), email: stringOr(body.email), errors: rendered.body.errors };
    void reply.status(422).send(sendResetForm(reply, request, this.config.appKey, view));
  }
}
