import type { EntityManager } from 'typeorm';
import type { AdminActor } from './admin-actor';
import type { AdminPolicy } from './admin-policy';
import { Permission } from './permission.entity';
import { assignedIds, grantedRoles } from './rbac-lookups';

/** The ids in one list and not the other: what a replacement grants or takes away. */
export function changedIds(before: readonly number[], after: readonly number[]): number[] {
  const [was, will] = [new Set(before), new Set(after)];
  return [...will].filter((id) => !was.has(id)).concat([...was].filter((id) => !will.has(id)));
}

/**
 * Admin scope for PUT /api/users/:id/roles and /permissions: users.manage in the target scope, and
 * every role or permission that the replacement adds or removes must be grantable by the caller.
 */
export async function authorizeRoleReplacement(
  policy: AdminPolicy,
  manager: EntityManager,
  actor: AdminActor,
  target: { userId: number; teamId: number | null; roleIds: readonly number[] },
): Promise<void> {
  const caller = await policy.requirePermission(manager, actor, target.teamId, 'users.manage');
  const current = await assignedIds(manager, 'user_roles', target.userId, target.teamId);
  const changed = await grantedRoles(manager, changedIds(current, target.roleIds));
  await policy.requireRolesGrantable(manager, actor, caller, target.teamId, changed);
}

export async function authorizePermissionReplacement(
  policy: AdminPolicy,
  manager: EntityManager,
  actor: AdminActor,
  target: { userId: number; teamId: number | null; permissionIds: readonly number[] },
): Promise<void> {
  const caller = await policy.requirePermission(manager, actor, target.teamId, 'users.manage');
  const current = await assignedIds(manager, 'user_permissions', target.userId, target.teamId);
  const changed = changedIds(current, target.permissionIds);
  if (changed.length === 0) return;
  const names = (await manager.createQueryBuilder(Permission, 'p').where('p.id = ANY(:ids)', { ids: changed }).getMany()).map((p) => p.name);
  policy.requireGrantable(caller, target.teamId, names);
}
