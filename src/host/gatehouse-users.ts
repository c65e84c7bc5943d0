import { Injectable } from '@nestjs/common';
import type { User } from '../users/user.entity';
import { NewUser, UsersService } from '../users/users.service';

/** The user lookups and creation a host app calls; the same rules as registration (bcrypt, unique email, default role). */
@Injectable()
export class GatehouseUsers {
  constructor(private readonly users: UsersService) {}

  findById(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  /** Case-insensitive, as at login. */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  create(input: NewUser): Promise<User> {
    return this.users.create(input);
  }
}
