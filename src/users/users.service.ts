import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { CredentialCache } from '../cache/credential-cache';
import { InvalidationBus } from '../cache/invalidation-bus';
import { fieldError } from '../common/api-error';
import { PasswordHasher } from './password-hasher';
import { UserLifecycle } from './user-lifecycle';
import { ResolvedUserField, USER_FIELDS, UserFieldValues } from '../common/user-field-rules';
import { UserFieldStore } from './user-fields';
import { User } from './user.entity';

export interface NewUser {
  name: string;
  email: string;
  /** null: an account without a password (a social login's), until one is set through the reset flow. */
  password: string | null;
  verified?: boolean;
  /** Rows of the caller's own tables written in the same transaction (a social login's linked account). */
  alsoWrite?: (user: User, manager: EntityManager) => Promise<void>;
  /** The host's extra fields (`users.fields`), already validated. */
  fields?: UserFieldValues;
  /** A directory user (password null): its stable id and current DN. */
  ldap?: { guid: string; dn: string };
}

/** What a directory sync may change on a user. */
export type LdapUserPatch = Partial<Pick<User, 'name' | 'email' | 'emailVerifiedAt' | 'ldapDn' | 'ldapGuid' | 'isLdapUser' | 'disabledAt'>>;

/** The columns a profile update may change. */
export type UserProfilePatch = Partial<Pick<User, 'name' | 'email' | 'locale' | 'emailVerifiedAt'>>;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const emailTaken = () => fieldError('email', 'The email has already been taken.');

/** Two writers racing for one address: the unique index on lower(email) decides, the loser gets the 422. */
function rethrowEmailTaken(error: unknown): never {
  if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw emailTaken();
  throw error;
}

/**
 * The users table is written only here (and by UserTwoFactorColumns). A write given the caller's
 * `manager` is not committed yet, so the caller drops the cached user after its commit (dropping it
 * earlier would let a read in between cache the old row); a write of its own drops it at once.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly lifecycle: UserLifecycle,
    private readonly cache: CredentialCache<User>,
    private readonly bus: InvalidationBus,
    @Optional() @Inject(USER_FIELDS) fields?: ResolvedUserField[],
  ) {
    this.fieldStore = new UserFieldStore(fields ?? []);
  }

  readonly fieldStore: UserFieldStore;

  /** The user with the host's extra fields, so a cached user needs no further query to be presented. */
  async findById(id: number): Promise<User | null> {
    const user = await this.users.findOneBy({ id });
    if (user) await this.withFields(user);
    return user;
  }

  /** Loads the extra fields onto the user unless already there (one query; none without `users.fields`). */
  async withFields(user: User, manager: EntityManager = this.users.manager): Promise<User> {
    if (this.fieldStore.enabled && user.fields === undefined) user.fields = await this.fieldStore.load(manager, user.id);
    return user;
  }

  /** withFields for a page of users, in one query. */
  async withFieldsMany(users: User[], manager: EntityManager = this.users.manager): Promise<User[]> {
    const missing = users.filter((user) => user.fields === undefined);
    if (!this.fieldStore.enabled || missing.length === 0) return users;
    const values = await this.fieldStore.loadMany(manager, missing.map((user) => user.id));
    for (const user of missing) user.fields = values.get(user.id) ?? {};
    return users;
  }

  /** The cached user alone (the guard's warm path), undefined when the database must be asked. */
  cachedAuthenticatable(id: number): User | undefined {
    return this.cache.user(id);
  }

  /** For the guard: the cached user when warm (CredentialCache drops it the moment it changes). */
  async findAuthenticatable(id: number): Promise<User | null> {
    const cached = this.cache.user(id);
    if (cached) return cached;
    const generation = this.cache.generation;
    const user = await this.findById(id);
    if (user) this.cache.rememberUser(user, generation);
    return user;
  }

  /** Case-insensitive, served by the unique index on lower(email). */
  findByEmail(email: string, manager: EntityManager = this.users.manager): Promise<User | null> {
    return manager
      .createQueryBuilder(User, 'user')
      .where('lower(user.email) = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  findByLdapGuid(guid: string): Promise<User | null> {
    return this.users.findOneBy({ ldapGuid: guid });
  }

  /** Every directory user that is not disabled yet (the ldap:sync command), oldest first. */
  listActiveLdapUsers(): Promise<User[]> {
    return this.users.find({ where: { isLdapUser: true, disabledAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** A directory sync's columns and host fields in one transaction (the caller's, when given). */
  async applyDirectorySync(userId: number, patch: LdapUserPatch, fields: UserFieldValues = {}, manager?: EntityManager): Promise<void> {
    const write = async (m: EntityManager) => {
      if (Object.keys(patch).length > 0) await m.update(User, { id: userId }, patch);
      await this.fieldStore.write(m, userId, fields);
    };
    await (manager ? write(manager) : this.users.manager.transaction(write)).catch(rethrowEmailTaken);
    if (!manager) this.forget(userId);
  }

  async isEmailTaken(email: string, exceptUserId?: number): Promise<boolean> {
    const user = await this.findByEmail(email);
    return user !== null && user.id !== exceptUserId;
  }

  /**
   * Creates the user and runs the other modules' creation hooks (default role…) in one
   * transaction, then the after-commit hooks (verification mail…). 422 when the email is taken.
   */
  async create(input: NewUser): Promise<User> {
    const password = input.password === null ? null : await this.hasher.hash(input.password);
    const user = await this.users.manager.transaction(async (manager) => {
      if (await this.findByEmail(input.email, manager)) throw emailTaken();
      const created = await manager.save(
        manager.create(User, {
          name: input.name.trim(),
          email: normaliseEmail(input.email),
          password,
          emailVerifiedAt: input.verified ? new Date() : null,
          isLdapUser: input.ldap !== undefined,
          ldapGuid: input.ldap?.guid ?? null,
          ldapDn: input.ldap?.dn ?? null,
        }),
      );
      await this.fieldStore.write(manager, created.id, input.fields ?? {});
      await this.withFields(created, manager);
      await this.lifecycle.runCreating(created, manager);
      await input.alsoWrite?.(created, manager);
      return created;
    }).catch(rethrowEmailTaken);
    await this.lifecycle.runCreated(user);
    return user;
  }

  /** Profile columns and the host's extra fields in one transaction; the user as stored afterwards. */
  async updateProfile(userId: number, patch: UserProfilePatch, fields: UserFieldValues = {}): Promise<User> {
    await this.users.manager.transaction(async (manager) => {
      await manager.update(User, { id: userId }, patch);
      await this.fieldStore.write(manager, userId, fields);
    }).catch(rethrowEmailTaken);
    this.forget(userId);
    return this.withFields(await this.users.findOneByOrFail({ id: userId }));
  }

  /** `hash` is already a password hash (PasswordHasher). */
  async setPassword(userId: number, hash: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.users.manager).update(User, { id: userId }, { password: hash });
    if (!manager) this.forget(userId);
  }

  /**
   * Conditional, so of two clicks at once only one reports a change, and an address changed
   * meanwhile is not verified. True when this call verified it.
   */
  async markEmailVerified(userId: number, email: string): Promise<boolean> {
    const result = await this.users.update({ id: userId, email, emailVerifiedAt: IsNull() }, { emailVerifiedAt: new Date() });
    if (!result.affected) return false;
    this.forget(userId);
    return true;
  }

  async setCurrentTeam(userId: number, teamId: number | null, manager?: EntityManager): Promise<void> {
    await (manager ?? this.users.manager).update(User, { id: userId }, { currentTeamId: teamId });
    if (!manager) this.forget(userId);
  }

  /** True when the user exists (and now has that locale). */
  async setLocale(userId: number, locale: string | null): Promise<boolean> {
    const { affected } = await this.users.update({ id: userId }, { locale });
    if (!affected) return false;
    this.forget(userId);
    return true;
  }

  /** Deletes the user row (foreign keys cascade to what hangs off it). */
  async delete(userId: number, manager?: EntityManager): Promise<void> {
    await (manager ?? this.users.manager).delete(User, { id: userId });
    if (!manager) this.forget(userId);
  }

  /** Drops this instance's cached user now; the users trigger tells the other instances. */
  forget(userId: number): void {
    this.bus.invalidate({ kind: 'user', key: userId });
  }
}
