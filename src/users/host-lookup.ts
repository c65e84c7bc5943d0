import { Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

/**
 * What the host's shaping functions (`users.present`, `responses`) receive to reach the host's own providers:
 * `host.get(BusinessProfiles)` resolves a provider of any module of the app (the host's services, its
 * repositories), at call time, so a hook can read the host's own tables.
 */
export interface GatehouseHost {
  get<T>(token: Type<T> | string | symbol): T;
}

/** The app-wide lookup behind `GatehouseHost`: providers of every module, not only the users module's. */
@Injectable()
export class HostLookup implements GatehouseHost {
  constructor(private readonly moduleRef: ModuleRef) {}

  get<T>(token: Type<T> | string | symbol): T {
    return this.moduleRef.get<T>(token, { strict: false });
  }
}
