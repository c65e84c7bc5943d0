import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { User } from './user.entity';

type InTransaction = (user: User, manager: EntityManager) => Promise<void>;
type AfterCommit = (user: User) => Promise<void> | void;

/**
 * Lets other modules react to a new user without users/ depending on them: RBAC gives the
 * default role inside the registration transaction; mail sends the verification link after it.
 */
@Injectable()
export class UserLifecycle {
  private readonly creating: InTransaction[] = [];
  private readonly created: AfterCommit[] = [];

  onCreating(hook: InTransaction): void {
    this.creating.push(hook);
  }

  onCreated(hook: AfterCommit): void {
    this.created.push(hook);
  }

  async runCreating(user: User, manager: EntityManager): Promise<void> {
    for (const hook of this.creating) await hook(user, manager);
  }

  async runCreated(user: User): Promise<void> {
    for (const hook of this.created) await hook(user);
  }
}
