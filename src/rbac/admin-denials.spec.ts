import 'reflect-metadata';
import { CUSTOM_ROUTE_ARGS_METADATA, INTERCEPTORS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RecordAdminDenials } from './admin-denied';
import { AdminUsersController } from './admin-users.controller';
import { PermissionsController } from './permissions.controller';
import { RolesController } from './roles.controller';
import { TeamsController } from './teams.controller';

// A custom parameter decorator's metadata key contains CUSTOM_ROUTE_ARGS_METADATA; here the only one is @Actor().
const CUSTOM_ARG = CUSTOM_ROUTE_ARGS_METADATA;

describe('RecordAdminDenials on the admin controllers', () => {
  const controllers = [RolesController, TeamsController, PermissionsController, AdminUsersController];
  const handlers = controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ controller, name, handler: (controller.prototype as unknown as Record<string, unknown>)[name] as object })),
  );

  it('is on every handler that takes an @Actor() (the actions an AdminDenied can come from), and only there', () => {
    const withActor = handlers.filter(({ controller, name }) =>
      Object.keys((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as object).some((key) => key.includes(CUSTOM_ARG)),
    );
    expect(withActor.length).toBeGreaterThanOrEqual(11);
    for (const { controller, name, handler } of handlers) {
      const interceptors = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) ?? []) as unknown[];
      const expected = withActor.some((h) => h.controller === controller && h.name === name);
      expect({ route: `${controller.name}.${name}`, records: interceptors.includes(RecordAdminDenials) }).toEqual({ route: `${controller.name}.${name}`, records: expected });
    }
    for (const controller of controllers) expect(Reflect.getMetadata(INTERCEPTORS_METADATA, controller)).toBeUndefined();
  });
});
