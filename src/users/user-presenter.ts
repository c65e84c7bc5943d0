import { Inject, Injectable, Optional } from '@nestjs/common';
import { GatehouseHost, HostLookup } from './host-lookup';
import { User } from './user.entity';
import { NO_ACCESS, toUserResponse, UserAccess } from './user.response';
import { UsersService } from './users.service';

/** A user's access as RBAC holds it: one immutable instance per user and team until it changes. */
export interface UserAccessSource {
  toUserAccess(): UserAccess;
}
type AccessResolver = (user: User) => Promise<UserAccessSource>;
const WITHOUT_RBAC: UserAccessSource = Object.freeze({ toUserAccess: () => ({ ...NO_ACCESS }) });
/** More keys of the default user JSON, from a feature module that users/ must not depend on. */
type DefaultKeys = (user: User) => Promise<Record<string, unknown>>;

/** What a host app returns for a user; JSON-serialisable. */
export type PresentedUser = object;

/**
 * Shapes the user JSON from the entity, the user's roles and permissions in its current team, and the user's teams;
 * may be async (a host reading its own tables through `host.get(...)`).
 */
export type UserPresentFn = (user: User, access: UserAccess, host: GatehouseHost) => PresentedUser | Promise<PresentedUser>;

/** The host's `users.present` option; absent = the user JSON of docs/http-contract.md §7. */
export const USER_PRESENT_FN = Symbol('USER_PRESENT_FN');

/** Renders the user JSON of docs/http-contract.md §7 (or the host's shape); RBAC plugs in the roles and effective permissions. */
@Injectable()
export class UserPresenter {
  private resolveAccess: AccessResolver = async () => WITHOUT_RBAC;
  private readonly defaultKeys: DefaultKeys[] = [];
  private readonly shape: UserPresentFn;
  private readonly hostShaped: boolean;
  /**
   * The default JSON of a user entity and its access, frozen, while both are the same instances: the
   * caches hand out one User and one access object until either changes (and entities are never
   * changed in place), so GET /api/user answers from here once warm.
   */
  private readonly presentedOnce = new WeakMap<User, { access: UserAccessSource; presented: PresentedUser }>();

  constructor(
    private readonly users: UsersService,
    private readonly host: HostLookup,
    @Optional() @Inject(USER_PRESENT_FN) shape?: UserPresentFn | null,
  ) {
    // The default JSON carries the host's extra fields (`users.fields`) after the built-in keys.
    this.hostShaped = Boolean(shape);
    this.shape = shape ?? (async (user, access) => Object.assign({ ...toUserResponse(user, access), ...user.fields }, ...(await this.moreKeys(user))));
  }

  /** Only the default JSON gets them: a host's `present` shapes its own. */
  addDefaultKeys(keys: DefaultKeys): void {
    this.defaultKeys.push(keys);
  }

  private moreKeys(user: User): Promise<Array<Record<string, unknown>>> {
    return Promise.all(this.defaultKeys.map((keys) => keys(user)));
  }

  setAccessResolver(resolver: AccessResolver): void {
    this.resolveAccess = resolver;
  }

  /** The user JSON for an answer (frozen: it may be shared with other requests). */
  async present(user: User): Promise<PresentedUser> {
    await this.users.withFields(user);
    const source = await this.resolveAccess(user);
    // A host's shape or another module's keys may read tables of their own: those are built every time.
    const reusable = !this.hostShaped && this.defaultKeys.length === 0;
    const earlier = reusable ? this.presentedOnce.get(user) : undefined;
    if (earlier?.access === source) return earlier.presented;
    const presented = await this.presentWith(user, source.toUserAccess());
    if (reusable) this.presentedOnce.set(user, { access: source, presented: deepFreeze(presented) });
    return presented;
  }

  /** The user JSON and the access it was built from (both the caller's own: answer shapes may change them). */
  async presentWithAccess(user: User): Promise<{ presented: PresentedUser; access: UserAccess }> {
    await this.users.withFields(user);
    const access = (await this.resolveAccess(user)).toUserAccess();
    return { presented: await this.presentWith(user, access), access };
  }

  /** When the caller already holds the access (a page of users loaded in one query). */
  async presentWith(user: User, access: UserAccess): Promise<PresentedUser> {
    return this.shape(user, access, this.host);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
