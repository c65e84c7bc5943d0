import type { Type } from '@nestjs/common';

/** Marks Gatehouse's own web-route controllers (docs/http-contract.md §3, §5, §6 and /sanctum/csrf-cookie). */
export const WEB_ROUTE_FAMILY = 'gatehouse:web-routes';

export function markWebRoutes(controllers: readonly Type<unknown>[]): Type<unknown>[] {
  for (const controller of controllers) Reflect.defineMetadata(WEB_ROUTE_FAMILY, true, controller);
  return [...controllers];
}

/** A controller of the web family: the session is always read and unsafe methods need CSRF. */
export const isWebRouteController = (controller: object): boolean => Reflect.getMetadata(WEB_ROUTE_FAMILY, controller) === true;
