import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { requestFacts } from '../common/request-facts';
import { AuditService } from '../audit/audit.service';
import { csrfMismatch } from '../common/api-error';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';
import type { RequestCredentials } from './auth-context';
import { CSRF_AUDIT_WINDOW_SECONDS, isSampledMismatch } from './csrf-audit-sampling';
import { verifyCsrf } from './csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * VerifyCsrfToken, as a step of authentication: unsafe methods that may use the session need the
 * token derived from the session id. Runs before any lookup, so a forged request is 419 before it
 * could be 401 and never touches the session it rides on.
 */
@Injectable()
export class CsrfStep {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
  ) {}

  /** Nothing (synchronously) when the request passes; otherwise a promise that rejects with the 419. */
  check(request: FastifyRequest, credentials: RequestCredentials): Promise<never> | undefined {
    if (SAFE_METHODS.has(request.method) || !credentials.usesSession) return undefined;
    // Without a session cookie there is no ambient authority to forge: token clients (e.g. a hybrid
    // app's WebView sending Origin: http://localhost) and API calls such as POST /api/login, which
    // answers with a token rather than a cookie, pass. Web routes (POST /login sets the cookie) don't.
    if (!credentials.hasSessionCookie && (credentials.bearer || credentials.family === 'api')) return undefined;
    const result = verifyCsrf(request, this.config.appKey, credentials.sessionId);
    if (result === 'ok') return undefined;
    return this.auditMismatch(request, result).then(() => {
      throw csrfMismatch(result);
    });
  }

  /** Sampled per client address (csrf-audit-sampling.ts); if the count cannot be read, the row is written. */
  private async auditMismatch(request: FastifyRequest, reason: string): Promise<void> {
    const key = `csrf-audit|${throttleAddress(request.ip)}`;
    const count = await this.limiter.hit(key, CSRF_AUDIT_WINDOW_SECONDS).catch(() => null);
    if (count !== null && !isSampledMismatch(count)) return;
    const metadata = { reason, path: request.url.split('?')[0], ...(count === null ? {} : { count }) };
    await this.audit.record('csrf.mismatch', { facts: requestFacts(request), metadata });
  }
}
