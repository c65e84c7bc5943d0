import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CredentialCache } from '../cache/credential-cache';
import { fieldError } from '../common/api-error';
import { PasswordHasher } from './password-hasher';
import { UserLifecycle } from './user-lifecycle';
import { ResolvedUserField, USER_FIELDS, UserFieldValues } from '../common/user-field-rules';
import { UserFieldStore } from './user-fields';
import { User } from './user.entity';

export interface NewUser {
  name: string;
  email: string;
  password: string;
  verified?: boolean;
  /** The host's extra fields (`users.fields`), already validated. */
  fields?: UserFieldValues;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const emailTaken = () => fieldError('email', 'The email has already been taken.');

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly lifecycle: UserLifecycle,
    private readonly cache: CredentialCache<User>,
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

  async isEmailTaken(email: string, exceptUserId?: number): Promise<boolean> {
    const user = await this.findByEmail(email);
    return user !== null && user.id !== exceptUserId;
  }

  /**
   * Creates the user and runs the other modules' creation hooks (default role…) in one
   * transaction, then the after-commit hooks (verification mail…). 422 when the email is taken.
   */
  async create(input: NewUser): Promise<User> {
    const password = await this.hasher.hash(input.password);
    const user = await this.users.manager.transaction(async (manager) => {
      if (await this.findByEmail(input.email, manager)) throw emailTaken();
      const created = await manager.save(
        manager.create(User, {
          name: input.name.trim(),
          email: normaliseEmail(input.email),
          password,
          emailVerifiedAt: input.verified ? new Date() : null,
        }),
      );
      await this.fieldStore.write(manager, created.id, input.fields ?? {});
      await this.withFields(created, manager);
      await this.lifecycle.runCreating(created, manager);
      return created;
    }).catch((error: unknown) => {
      // Two registrations racing for one address: the unique index decides, the loser gets the 422.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw emailTaken();
      throw error;
    });
    await this.lifecycle.runCreated(user);
    return user;
  }
}
