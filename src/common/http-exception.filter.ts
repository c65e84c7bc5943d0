import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderError } from './error-rendering';

/** The one place errors are formatted (docs/http-contract.md §1.2); Fastify's own errors come here too. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly isProduction: boolean) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.isProduction);
  }
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply, isProduction: boolean): void {
  const rendered = renderError(error, isProduction);
  if (rendered.status >= 500) {
    // request.log is the request's pino child (it carries reqId); bodies and secrets are never logged.
    request.log.error({ err: error, status: rendered.status }, 'request failed');
  }
  if (reply.sent) return;
  reply.status(rendered.status).headers(rendered.headers).type('application/json').send(rendered.body);
}
