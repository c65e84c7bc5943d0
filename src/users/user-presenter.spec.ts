import { HostLookup } from './host-lookup';
import { User } from './user.entity';
import { UserPresenter, UserPresentFn } from './user-presenter';
import type { UserAccess } from './user.response';
import { UsersService } from './users.service';

const users = { withFields: async (user: User) => user } as unknown as UsersService;
const host = {} as HostLookup;

function userNamed(name: string): User {
  return Object.assign(new User(), {
    id: 7, name, email: 'ada@example.test', emailVerifiedAt: null, locale: null, currentTeamId: null,
    twoFactorSecret: null, twoFactorConfirmedAt: null, createdAt: new Date(0), updatedAt: new Date(0),
  });
}
const accessOf = (roles: string[]) => ({ toUserAccess: (): UserAccess => ({ roles: [...roles], permissions: [], teams: [] }) });

/** A presenter whose access resolver answers with whatever `access()` holds at the time. */
function presenterWith(access: () => ReturnType<typeof accessOf>): UserPresenter {
  const presenter = new UserPresenter(users, host);
  presenter.setAccessResolver(async () => access());
  return presenter;
}

describe('UserPresenter.present', () => {
  it('answers the same user entity with the same access from the JSON it built first, frozen', async () => {
    const access = accessOf(['user']);
    const presenter = presenterWith(() => access);
    const user = userNamed('Ada');
    const first = await presenter.present(user);
    expect(first).toMatchObject({ name: 'Ada', roles: ['user'] });
    expect(await presenter.present(user)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen((first as { roles: string[] }).roles)).toBe(true);
  });

  it('builds it again for a changed access or a new entity (what the caches hand out after a change)', async () => {
    let access = accessOf(['user']);
    const presenter = presenterWith(() => access);
    const user = userNamed('Ada');
    const first = await presenter.present(user);
    access = accessOf(['user', 'editor']);
    expect(await presenter.present(user)).toMatchObject({ roles: ['user', 'editor'] });
    expect(await presenter.present(userNamed('Ada Lovelace'))).toMatchObject({ name: 'Ada Lovelace' });
    expect(first).toMatchObject({ roles: ['user'] });
  });

  it("calls a host's present function every time, and another module's keys every time", async () => {
    let calls = 0;
    const shape: UserPresentFn = (user) => ({ id: user.id, call: ++calls });
    const hosted = new UserPresenter(users, host, shape);
    const user = userNamed('Ada');
    await hosted.present(user);
    expect(await hosted.present(user)).toEqual({ id: 7, call: 2 });

    const extended = new UserPresenter(users, host);
    let links = 0;
    extended.addDefaultKeys(async () => ({ linked_providers: [`p${++links}`] }));
    await extended.present(user);
    expect(await extended.present(user)).toMatchObject({ linked_providers: ['p2'] });
  });

  it('hands answer shapes their own copies, never the shared JSON', async () => {
    const presenter = presenterWith(() => accessOf(['user']));
    const user = userNamed('Ada');
    const shared = await presenter.present(user);
    const { presented, access } = await presenter.presentWithAccess(user);
    expect(presented).not.toBe(shared);
    expect(Object.isFrozen(presented)).toBe(false);
    access.roles.push('mutable');
    expect(shared).toMatchObject({ roles: ['user'] });
  });
});
