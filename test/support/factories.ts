import type { INestApplication } from '@nestjs/common';
import { User } from '../../src/users/user.entity';
import { UsersService } from '../../src/users/users.service';

let sequence = 0;

export interface UserFactoryInput {
  name?: string;
  email?: string;
  password?: string;
  verified?: boolean;
}

/** Creates a user through the real UsersService (bcrypt, lifecycle hooks); password defaults to "password123". */
export async function createUser(app: INestApplication, input: UserFactoryInput = {}): Promise<User & { plainPassword: string }> {
  sequence += 1;
  const plainPassword = input.password ?? 'password123';
  const user = await app.get(UsersService).create({
    name: input.name ?? `User ${sequence}`,
    email: input.email ?? `user${sequence}_${process.pid}@example.com`,
    password: plainPassword,
    verified: input.verified ?? true,
  });
  return Object.assign(user, { plainPassword });
}

/** The secret with its last character changed (appending a fixed one would keep it when it already ends so). */
export function tampered(secret: string): string {
  return `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}`;
}
