import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** A literal IPv4/IPv6 address without a zone id (a zone means nothing once forwarded). */
export function isPlainIp(value: string | undefined): value is string {
  return typeof value === 'string' && isIP(value) !== 0 && !value.includes('%');
}

/**
 * onRequest step: X-Forwarded-For is client-written text, so an entry the trusted proxies passed
 * along may be anything. Anything that is not an address is replaced by the socket peer's, before
 * throttles and the audit trail read `request.ip`.
 */
export function ensurePlainClientIp(request: FastifyRequest): void {
  if (isPlainIp(request.ip)) return;
  Object.defineProperty(request, 'ip', { value: request.socket.remoteAddress ?? '', configurable: true, enumerable: true });
}
