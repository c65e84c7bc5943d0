import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { GatehouseEnvOptions } from './config/options-from-env';
import type { UserPresentFn } from './users/user-presenter';

/**
 * Everything Gatehouse needs: today's configuration (what gatehouseOptionsFromEnv() returns) plus the
 * database URL and the host's hooks.
 */
export interface GatehouseOptions extends GatehouseEnvOptions {
  /** Apply Gatehouse's pending migrations at start (default true). */
  migrationsRun?: boolean;
  users?: {
    /** Shapes the user JSON wherever it is returned; default: the user JSON of docs/http-contract.md §7. */
    present?: UserPresentFn;
  };
}

/** Route prefixes must be known when the module is composed, before an async factory has run. */
export interface GatehouseRoutePrefixes {
  authRoutePrefix?: string;
  apiPrefix?: string;
}

export interface GatehouseAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: FactoryProvider['inject'];
  useFactory: (...args: never[]) => GatehouseOptions | Promise<GatehouseOptions>;
  /** Defaults: '' and 'api'; the factory's options must agree (checked at start). */
  routes?: GatehouseRoutePrefixes;
}

export const GATEHOUSE_OPTIONS = Symbol('GATEHOUSE_OPTIONS');
