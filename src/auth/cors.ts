import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StatefulMatcher } from './stateful-domains';

/** What a first-party SPA (axios withCredentials + withXSRFToken) sends, docs/http-contract.md §9.1. */
export const CORS_ALLOWED_HEADERS = [
  'X-XSRF-TOKEN',
  'X-CSRF-TOKEN',
  'X-Requested-With',
  'Content-Type',
  'Authorization',
  'Accept',
];
export const CORS_ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Lets the SPA read a lockout's Retry-After and a limited route's budget, and quote the request id in a bug report. */
export const CORS_EXPOSED_HEADERS = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Request-Id'];
/** Chromium caps preflight caching at two hours anyway. */
export const CORS_MAX_AGE_SECONDS = 7200;

/**
 * CORS with credentials for the stateful origins (the SANCTUM_STATEFUL_DOMAINS list), on every
 * path. It runs in onRequest, before routing, so a preflight is answered for any path (an unknown
 * one included) and the headers are on every response, errors too. Other origins get no CORS
 * headers at all, so the browser keeps their scripts away from the responses.
 */
export function registerCors(fastify: FastifyInstance, matcher: StatefulMatcher): void {
  const methods = CORS_ALLOWED_METHODS.join(', ');
  const headers = CORS_ALLOWED_HEADERS.join(', ');
  const exposed = CORS_EXPOSED_HEADERS.join(', ');
  const maxAge = String(CORS_MAX_AGE_SECONDS);
  // Callback style: it runs on every request, and an async hook costs a promise each time.
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !matcher.originAllowed(origin)) return done();
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    if (!isPreflight(request)) {
      reply.header('access-control-expose-headers', exposed);
      return done();
    }
    reply
      .header('access-control-allow-methods', methods)
      .header('access-control-allow-headers', headers)
      .header('access-control-max-age', maxAge)
      .code(204)
      .send();
  });
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
}
