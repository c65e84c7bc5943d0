import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { addRolePermissions } from './rbac-pivots';
import { RbacTransactions } from './rbac-transactions';

/** docs/http-contract.md §8.4: the permissions the admin routes check. */
export const SEEDED_PERMISSIONS = ['users.view', 'users.manage', 'roles.view', 'roles.manage', 'teams.view', 'teams.manage', 'audit.view'];
export const ADMIN_ROLE = 'admin';

export interface SeedResult {
  permissions: number;
  roles: number;
  grants: number;
  /** The global `admin` role came from import:laravel: its holders are another app's admins, so it got no grants. */
  importedAdminSkipped?: true;
}

const changedAnything = (result: SeedResult) => result.permissions + result.roles + result.grants > 0;

/**
 * `db:seed`: the permissions above and the global roles SUPER_ADMIN_ROLE (no permissions: it passes
 * every check), `admin` (all of them) and DEFAULT_ROLE (none). Idempotent: only what is missing is
 * inserted, and a run that inserts nothing changes nothing, not even the RBAC version.
 */
@Injectable()
export class RbacSeeder {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly transactions: RbacTransactions,
  ) {}

  seed(): Promise<SeedResult> {
    return this.transactions.run(async (manager) => {
      const result: SeedResult = { permissions: 0, roles: 0, grants: 0 };
      const permissionIds: number[] = [];
      for (const name of SEEDED_PERMISSIONS) {
        const { id, created } = await insertMissing(manager, PERMISSION_SQL, name);
        permissionIds.push(id);
        if (created) result.permissions += 1;
      }
      for (const name of new Set([this.config.superAdminRole, ADMIN_ROLE, this.config.defaultRole])) {
        const { id, created } = await insertMissing(manager, GLOBAL_ROLE_SQL, name);
        if (created) result.roles += 1;
        if (name !== ADMIN_ROLE) continue;
        if (await isImportedRole(manager, id)) result.importedAdminSkipped = true;
        else result.grants += await addRolePermissions(manager, id, permissionIds);
      }
      return result;
    }, changedAnything);
  }
}

const PERMISSION_SQL = {
  insert: 'INSERT INTO permissions (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id',
  select: 'SELECT id FROM permissions WHERE name = $1',
};
const GLOBAL_ROLE_SQL = {
  insert: 'INSERT INTO roles (name) VALUES ($1) ON CONFLICT (team_id, name) DO NOTHING RETURNING id',
  select: 'SELECT id FROM roles WHERE team_id IS NULL AND name = $1',
};

/** The row's id, inserting it first when missing. */
async function insertMissing(manager: EntityManager, sql: { insert: string; select: string }, name: string) {
  const inserted: Array<{ id: number | string }> = await manager.query(sql.insert, [name]);
  if (inserted.length > 0) return { id: Number(inserted[0].id), created: true };
  const [existing]: Array<{ id: number | string }> = await manager.query(sql.select, [name]);
  return { id: Number(existing.id), created: false };
}

async function isImportedRole(manager: EntityManager, id: number): Promise<boolean> {
  const [row]: Array<{ imported: boolean }> = await manager.query('SELECT imported_at IS NOT NULL AS imported FROM roles WHERE id = $1', [id]);
  return row?.imported === true;
}
