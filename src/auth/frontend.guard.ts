import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { csrfMismatch } from '../common/api-error';
import { requestCookies } from '../common/cookies';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { AuditService } from '../audit/audit.service';
import { SESSION_ID } from '../sessions/sessions.service';
import { throttleAddress } from '../throttle/client-key';
import { RateLimiter } from '../throttle/rate-limiter';
import { bearerTokenFromHeader } from '../tokens/access-token';
import { FrontendState } from './auth-context';
import { CSRF_AUDIT_WINDOW_SECONDS, isSampledMismatch } from './csrf-audit-sampling';
import { verifyCsrf } from './csrf';
import { isWebRouteController } from './route-family';
import { StatefulMatcher } from './stateful-domains';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * First global guard: decides whether the session cookie counts for this request (web routes
 * always; API routes only from a stateful first-party origin, as Sanctum's
 * EnsureFrontendRequestsAreStateful) and enforces CSRF on unsafe methods where it does.
 */
@Injectable()
export class FrontendGuard implements CanActivate {
  private readonly stateful: StatefulMatcher;
  private readonly apiPath: string;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
  ) {
    this.stateful = new StatefulMatcher(config.statefulDomains);
    this.apiPath = `/${config.apiPrefix}`;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const state = this.classify(request, context.getClass());
    request.frontend = state;
    request.auth = null;
    if (SAFE_METHODS.has(request.method) || !state.usesSession) return true;
    const hasSessionCookie = requestCookies(request)[this.config.session.cookie] !== undefined;
    // Without a session cookie there is no ambient authority to forge: token clients (e.g. a hybrid
    // app's WebView sending Origin: http://localhost) and API calls such as POST /api/login, which
    // answers with a token rather than a cookie, pass. Web routes (POST /login sets the cookie) don't.
    if (!hasSessionCookie && (state.bearer || state.apiRoute)) return true;
    const result = verifyCsrf(request, this.config.appKey, state.sessionId);
    if (result === 'ok') return true;
    await this.auditMismatch(request, result);
    throw csrfMismatch(result);
  }

  /** Sampled per client address (csrf-audit-sampling.ts); if the count cannot be read, the row is written. */
  private async auditMismatch(request: FastifyRequest, reason: string): Promise<void> {
    const key = `csrf-audit|${throttleAddress(request.ip)}`;
    const count = await this.limiter.hit(key, CSRF_AUDIT_WINDOW_SECONDS).catch(() => null);
    if (count !== null && !isSampledMismatch(count)) return;
    const metadata = { reason, path: request.url.split('?')[0], ...(count === null ? {} : { count }) };
    await this.audit.record('csrf.mismatch', { request, metadata });
  }

  /**
   * Gatehouse's own web routes are web routes; a host app's routes outside API_PREFIX count as API
   * routes (Sanctum's `auth:sanctum` on routes/api.php): session and CSRF only from a stateful origin.
   */
  private classify(request: FastifyRequest, controller: object): FrontendState {
    const isApi = this.isApiRoute(request.routeOptions.url ?? '') || !isWebRouteController(controller);
    const usesSession = !isApi || this.stateful.isStateful(header(request, 'origin'), header(request, 'referer'));
    const cookie = usesSession ? requestCookies(request)[this.config.session.cookie] : undefined;
    return {
      apiRoute: isApi,
      usesSession,
      sessionId: cookie && SESSION_ID.test(cookie) ? cookie : null,
      bearer: bearerTokenFromHeader(header(request, 'authorization')),
      issueCookies: false,
      remember: false,
    };
  }

  /**
   * Decided on the pattern of the route that matched (`/api/tokens/:id`), never on the raw URL: the
   * router decodes `/%61pi/user` to `/api/user`, so a raw-URL test would take it for a web route.
   */
  private isApiRoute(routePattern: string): boolean {
    const { apiPath } = this;
    return routePattern.startsWith(apiPath) && (routePattern.length === apiPath.length || routePattern[apiPath.length] === '/');
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
