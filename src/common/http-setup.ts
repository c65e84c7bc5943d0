import { randomUUID } from 'node:crypto';
import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ensurePlainClientIp } from './client-ip';
import { checkQuery, normaliseInput } from './input';
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

/** A valid client address, request id on every response, normalised input for every handler, one access-log line per request. */
export function registerHooks(fastify: FastifyInstance): void {
  const security = securityHeaders();
  // Callback-style hooks: they run on every request, and async ones cost a promise each.
  fastify.addHook('onRequest', (request, reply, done) => {
    ensurePlainClientIp(request);
    reply.headers(security);
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
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
    done();
  });
}
