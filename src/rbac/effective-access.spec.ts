import { callerCanGrant, callerHasPermission, EffectiveAccess, satisfies } from './effective-access';

const SUPER = 'super-admin';
const session = (access: EffectiveAccess) => ({ access, abilities: null });
const token = (access: EffectiveAccess, abilities: string[]) => ({ access, abilities });

describe('EffectiveAccess', () => {
  it('sorts and de-duplicates roles and permissions', () => {
    const access = new EffectiveAccess(['editor', 'admin', 'editor'], ['users.view', 'audit.view', 'users.view'], SUPER);
    expect(access.roles).toEqual(['admin', 'editor']);
    expect(access.permissions).toEqual(['audit.view', 'users.view']);
    expect(access.toUserAccess()).toEqual({ roles: ['admin', 'editor'], permissions: ['audit.view', 'users.view'], teams: [] });
  });

  it("lists the user's teams by name (then id), as copies: a host's present() cannot change the shared cached value", () => {
    const teams = [{ id: 3, name: 'Lyon' }, { id: 1, name: 'HQ', is_headquarters: true }, { id: 2, name: 'Lyon' }];
    const access = new EffectiveAccess([], [], SUPER, [], teams);
    const first = access.toUserAccess();
    expect(first.teams).toEqual([{ id: 1, name: 'HQ', is_headquarters: true }, { id: 2, name: 'Lyon' }, { id: 3, name: 'Lyon' }]);
    first.teams[0].name = 'changed';
    expect(access.toUserAccess().teams[0].name).toBe('HQ');
  });

  it('checks permissions with the wildcard rules', () => {
    const access = new EffectiveAccess([], ['users.*', 'posts.create,edit'], SUPER);
    expect(access.hasPermission('users.view')).toBe(true);
    expect(access.hasPermission('users')).toBe(false);
    expect(access.hasPermission('posts.edit')).toBe(true);
    expect(access.hasPermission('posts.delete')).toBe(false);
  });

  it('lets the super-admin role pass every role and permission check', () => {
    const access = new EffectiveAccess([SUPER], [], SUPER, [SUPER]);
    expect(access.isSuperAdmin).toBe(true);
    expect(access.hasRole('anything')).toBe(true);
    expect(access.hasPermission('anything.at.all')).toBe(true);
  });

  it('is not a super-admin for a differently named role', () => {
    const access = new EffectiveAccess(['Super-Admin'], [], SUPER);
    expect(access.isSuperAdmin).toBe(false);
    expect(access.hasRole('admin')).toBe(false);
  });
});

describe('callerHasPermission', () => {
  const limited = new EffectiveAccess(['user'], ['posts.view'], SUPER);
  const superAdmin = new EffectiveAccess([SUPER], [], SUPER, [SUPER]);

  it('does not limit session callers by abilities', () => {
    expect(callerHasPermission(session(limited), 'posts.view')).toBe(true);
    expect(callerHasPermission(session(superAdmin), 'users.manage')).toBe(true);
  });

  it('keeps a "*" token of a limited user within the user\'s permissions', () => {
    expect(callerHasPermission(token(limited, ['*']), 'posts.view')).toBe(true);
    expect(callerHasPermission(token(limited, ['*']), 'users.view')).toBe(false);
  });

  it('keeps a limited token of a super-admin within its abilities', () => {
    expect(callerHasPermission(token(superAdmin, ['users.view']), 'users.view')).toBe(true);
    expect(callerHasPermission(token(superAdmin, ['users.view']), 'users.manage')).toBe(false);
    expect(callerHasPermission(token(superAdmin, ['users.*']), 'users.manage')).toBe(true);
    expect(callerHasPermission(token(superAdmin, []), 'users.view')).toBe(false);
  });
});

describe('satisfies', () => {
  const access = new EffectiveAccess(['editor'], ['posts.view', 'posts.edit'], SUPER);

  it('roles: any of them', () => {
    expect(satisfies(session(access), { kind: 'roles', names: ['admin', 'editor'] })).toBe(true);
    expect(satisfies(session(access), { kind: 'roles', names: ['admin'] })).toBe(false);
  });

  it('roles are not limited by token abilities', () => {
    expect(satisfies(token(access, ['nothing']), { kind: 'roles', names: ['editor'] })).toBe(true);
  });

  it('all-permissions: every one, each within the token', () => {
    expect(satisfies(session(access), { kind: 'all-permissions', names: ['posts.view', 'posts.edit'] })).toBe(true);
    expect(satisfies(session(access), { kind: 'all-permissions', names: ['posts.view', 'posts.delete'] })).toBe(false);
    expect(satisfies(token(access, ['posts.view']), { kind: 'all-permissions', names: ['posts.view', 'posts.edit'] })).toBe(false);
  });

  it('any-permission: one is enough, but it must also be within the token', () => {
    expect(satisfies(session(access), { kind: 'any-permission', names: ['posts.delete', 'posts.edit'] })).toBe(true);
    expect(satisfies(token(access, ['posts.delete']), { kind: 'any-permission', names: ['posts.delete', 'posts.edit'] })).toBe(false);
    expect(satisfies(token(access, ['posts.edit']), { kind: 'any-permission', names: ['posts.delete', 'posts.edit'] })).toBe(true);
  });
});

describe('callerCanGrant', () => {
  const admin = new EffectiveAccess(['admin'], ['users.view', 'users.manage', 'posts.create'], SUPER);

  it('allows only what the caller holds, every alternative of a name included', () => {
    expect(callerCanGrant(session(admin), 'users.view')).toBe(true);
    expect(callerCanGrant(session(admin), 'posts.edit')).toBe(false);
    expect(callerCanGrant(session(admin), 'users.view,manage')).toBe(true);
    expect(callerCanGrant(session(admin), 'posts.create,edit')).toBe(false);
  });

  it('needs a covering wildcard to grant a wildcard', () => {
    expect(callerCanGrant(session(admin), 'users.*')).toBe(false);
    expect(callerCanGrant(session(admin), '*')).toBe(false);
    const wide = new EffectiveAccess([], ['users.*'], SUPER);
    expect(callerCanGrant(session(wide), 'users.*')).toBe(true);
    expect(callerCanGrant(session(wide), 'users.view')).toBe(true);
    expect(callerCanGrant(session(wide), 'posts.*')).toBe(false);
  });

  it('is bounded by a token caller\'s abilities, and lets the super-admin grant anything', () => {
    expect(callerCanGrant({ access: admin, abilities: ['users.view'] }, 'users.manage')).toBe(false);
    const root = new EffectiveAccess([SUPER], [], SUPER, [SUPER]);
    expect(callerCanGrant(session(root), 'anything.at.all')).toBe(true);
    expect(callerCanGrant({ access: root, abilities: ['posts.*'] }, 'users.view')).toBe(false);
  });

  it('does not count a team role named like the super-admin', () => {
    const impostor = new EffectiveAccess([SUPER], [], SUPER, []);
    expect(impostor.isSuperAdmin).toBe(false);
    expect(impostor.hasRole(SUPER)).toBe(false);
    expect(callerCanGrant(session(impostor), 'posts.edit')).toBe(false);
  });
});
