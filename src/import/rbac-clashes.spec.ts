import { findClashes } from './rbac-clashes';

const role = (id: number, name: string, teamId: number | null = null) => ({ id, name, guard: 'web', teamId });
const permission = (id: number, name: string) => ({ id, name, guard: 'web' });

describe('findClashes (Laravel names meeting this app\'s own roles and permissions)', () => {
  const local = { permissions: ['users.manage', 'posts.create,edit'], roles: [{ teamId: null, name: 'admin' }, { teamId: 7, name: 'owner' }] };
  const spatie = {
    roles: [role(1, 'admin'), role(2, 'super-admin'), role(3, 'super-admin', 7), role(4, 'owner', 7), role(5, 'owner', 8), role(6, 'editor')],
    permissions: [permission(1, 'users.manage'), permission(2, 'users.*'), permission(3, '*'), permission(4, 'posts.edit'), permission(5, 'posts.delete'), permission(6, 'reports.view')],
  };

  it('refuses a local role by (team, name), the global SUPER_ADMIN_ROLE, and names or wildcards over local permissions', () => {
    const clashes = findClashes(spatie, local, { mergeRoles: false, superAdminRole: 'super-admin' });
    expect([...clashes.roles].sort()).toEqual([1, 2, 3, 4]);
    // posts.edit is one of the alternatives of the local `posts.create,edit`; posts.delete and reports.view are Laravel's own.
    expect([...clashes.permissions].sort()).toEqual([1, 2, 3, 4]);
    expect(clashes.problems).toContain('permission "users.*" covers "users.manage", which exists here: not granted to imported roles or users; pass --merge-roles to merge them');
    expect(clashes.problems).toContain('role "owner" of team 7 already exists here (not from an import): not merged, skipped with its permissions and holders; pass --merge-roles to merge them');
  });

  it('--merge-roles keeps them all, except a team role of the reserved name, and still reports each merge', () => {
    const clashes = findClashes(spatie, local, { mergeRoles: true, superAdminRole: 'super-admin' });
    expect([...clashes.roles]).toEqual([3]);
    expect(clashes.permissions.size).toBe(0);
    expect(clashes.problems).toContain('role "super-admin" would make its holders super-admins here (SUPER_ADMIN_ROLE): merged (--merge-roles)');
    expect(clashes.problems).toContain('role "super-admin" of team 7: the name is reserved here for the global super-admin role (SUPER_ADMIN_ROLE); skipped with its permissions and holders');
  });

  it('follows the configured SUPER_ADMIN_ROLE, and finds nothing on an app with no roles of its own', () => {
    const renamed = findClashes(spatie, { permissions: [], roles: [] }, { mergeRoles: false, superAdminRole: 'root' });
    expect(renamed.roles.size).toBe(0);
    expect(renamed.permissions.size).toBe(0);
    expect(renamed.problems).toEqual([]);
  });
});
