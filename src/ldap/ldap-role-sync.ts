import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** One scope of a directory role sync: every role name the mapping manages there, and those the user's groups give. */
export interface DirectoryRoleScope {
  teamId: number | null;
  managed: string[];
  granted: string[];
  /** Set by the sync when this scope's assignments changed. */
  changed?: boolean;
}

/** `newUserManager`: inside the transaction that creates the user. */
export type DirectoryRoleSyncFn = (userId: number, scopes: ReadonlyArray<DirectoryRoleScope>, newUserManager?: EntityManager) => Promise<string[]>;

/** Where RBAC plugs its assignment writer in (rbac.module.ts), so ldap/ does not depend on rbac/. */
@Injectable()
export class LdapRoleSync {
  private syncer: DirectoryRoleSyncFn | null = null;

  register(syncer: DirectoryRoleSyncFn): void {
    this.syncer = syncer;
  }

  sync(userId: number, scopes: ReadonlyArray<DirectoryRoleScope>, newUserManager?: EntityManager): Promise<string[]> {
    if (!this.syncer) throw new Error('Gatehouse: the RBAC module is not loaded, so LDAP group roles cannot be synced');
    return this.syncer(userId, scopes, newUserManager);
  }
}
