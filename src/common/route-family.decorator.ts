import { SetMetadata } from '@nestjs/common';

/**
 * Which kind of route a controller is, read from metadata (never from the URL, so a host can mount
 * its own routes under any prefix):
 *   web: Fortify's browser routes; the session cookie always counts, unsafe methods need CSRF.
 *   api: `auth:sanctum` routes; the session counts only from a stateful origin, else the bearer token.
 * A route without a family (a host's own controller) is treated as an API route, as `auth:sanctum` would.
 */
export type RouteFamily = 'web' | 'api';

export const ROUTE_FAMILY = 'gatehouse:route-family';

export const WebRoutes = () => SetMetadata(ROUTE_FAMILY, 'web' satisfies RouteFamily);

export const ApiRoutes = () => SetMetadata(ROUTE_FAMILY, 'api' satisfies RouteFamily);
