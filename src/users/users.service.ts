import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';

export interface NewUser {
  name: string;
  email: string;
  password: string;
  verified?: boolean;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
  ) {}

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Case-insensitive, served by the unique index on lower(email). */
  findByEmail(email: string, manager: EntityManager = this.users.manager): Promise<User | null> {
    return manager
      .createQueryBuilder(User, 'user')
      .where('lower(user.email) = :email', { email: normaliseEmail(email) })
      .getOne();
  }

  async emailTaken(email: string, exceptUserId?: number): Promise<boolean> {
    const user = await this.findByEmail(email);
    return user !== null && user.id !== exceptUserId;
  }

  /** Pass the transaction's manager when creating inside a transaction (PGlite has one backend). */
  async create(input: NewUser, manager: EntityManager = this.users.manager): Promise<User> {
    const user = manager.create(User, {
      name: input.name.trim(),
      email: normaliseEmail(input.email),
      password: await this.hasher.hash(input.password),
      emailVerifiedAt: input.verified ? new Date() : null,
    });
    return manager.save(user);
  }
}
