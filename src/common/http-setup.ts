import { randomUUID } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ensurePlainClientIp } from './client-ip';
import { checkQuery, normaliseInput } from './input';
import { accessLineWriter } from './logger';
import { securityHeaders } from './security-headers';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a well-formed incoming X-Request-Id (from a proxy) and otherwise makes one. */
export function genRequestId(request: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function badJson(): Error {
  return Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400, code: 'GATEHOUSE_BAD_JSON' });
}

/**
 * Body parsing as Laravel clients expect: empty JSON bodies are fine, form posts work (the `_token`
 * field), unknown content types are ignored rather than refused.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  // A host app's NestFactory.create() registers Nest's JSON and form parsers before our module starts.
  const replaced = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];
  fastify.removeContentTypeParser(replaced.filter((type) => fastify.hasContentTypeParser(type)));
  const parseJson = (_req: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch {
      done(badJson(), undefined);
    }
  };
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJson);
  fastify.addContentTypeParser(/^application\/[a-z.+-]*\+json$/, { parseAs: 'string', bodyLimit }, parseJson);
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit }, (_req, body, done) =>
    done(null, { ...parseQueryString(String(body)) }),
  );
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, _body, done) => done(null, {}));
}

/**
 * A valid client address, request id on every response, normalised input for every handler, the security
 * headers that fit the answer, one access-log line per request.
 */
export function registerHooks(fastify: FastifyInstance): void {
  // Callback-style hooks: they run on every request, and async ones cost a promise each.
  fastify.addHook('onRequest', (request, reply, done) => {
    ensurePlainClientIp(request);
    reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    try {
      checkQuery(request.query);
      request.body = normaliseInput(request.body);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
  fastify.addHook('onSend', securityHeadersHook());
  fastify.addHook('onResponse', accessLogHook(fastify));
}

/**
 * HTML documents, redirects and anything else a browser renders get helmet's whole set; a JSON answer
 * gets what matters for an API (nosniff, HSTS under https, no-store unless the route chose its caching):
 * CSP and its friends are ~800 bytes a browser never applies to JSON.
 */
export function securityHeadersHook(headers = securityHeaders()) {
  const hsts = headers['strict-transport-security'];
  const names = Object.keys(headers);
  return (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && JSON_TYPE.test(type)) {
      reply.header('x-content-type-options', 'nosniff');
      if (hsts && request.protocol === 'https') reply.header('strict-transport-security', hsts);
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else {
      // A page may have chosen its own (a stricter CSP, its caching): those stay.
      for (const name of names) if (!reply.hasHeader(name)) reply.header(name, headers[name]);
    }
    done(null, payload);
  };
}
const JSON_TYPE = /^application\/(?:[a-z.+-]*\+)?json\b/i;

/**
 * The line names the route's pattern (`/reset-password/:token`), never its parameters, and no query string.
 * Its fields are fixed and carry no secret, so it is written without the logger's redaction pass
 * (accessLineWriter).
 */
export function accessLogHook(fastify: FastifyInstance) {
  const write = accessLineWriter(fastify.log as Logger);
  return (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    write({
      reqId: request.id,
      method: request.method,
      path: request.routeOptions.url ?? request.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
  };
}
