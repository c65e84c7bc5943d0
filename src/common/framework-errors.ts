import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './http-exception.filter';
import { securityHeaders } from './security-headers';

/**
 * Fastify answers some requests before any hook or route runs (a path it cannot decode, a parameter
 * over maxParamLength); `frameworkErrors` hands them to us so they get the same headers and the same
 * Laravel-shaped body as everything else.
 */
export function frameworkErrorHandler(isProduction: boolean) {
  const security = securityHeaders();
  return (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
    reply.headers(security);
    reply.header('x-request-id', request.id);
    sendError(error, request, reply, isProduction);
  };
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout.'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large.'],
};

/** Requests Node's HTTP parser refuses (no request object exists yet): a bare Laravel-shaped answer. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request.'];
  const body = JSON.stringify({ message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
