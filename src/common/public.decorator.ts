import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC = 'gatehouse:public';
export const OPTIONAL_AUTH = 'gatehouse:optional-auth';
export const CSRF_EXEMPT = 'gatehouse:csrf-exempt';

// OpenAPI: an empty requirement (`{}`) means "no credential needed"; other routes inherit the
// document-wide requirement (a bearer token, or the session cookie with its XSRF header).

/** Opts a route out of the deny-by-default authentication guard. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/** Authenticates when credentials are present but lets guests through (request.auth may be null). */
export const OptionalAuth = () =>
  applyDecorators(SetMetadata(OPTIONAL_AUTH, true), ApiSecurity({}), ApiSecurity('bearer'), ApiSecurity({ session: [], xsrf: [] }));

/**
 * Laravel's `VerifyCsrfToken::$except` for a route a third party POSTs to cross-site (Apple's `form_post` callback).
 * Honoured only beside @Public: such a route reads no session and sets none, so there is nothing to forge.
 */
export const WithoutCsrf = () => SetMetadata(CSRF_EXEMPT, true);
