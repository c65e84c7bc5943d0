import { Injectable } from '@nestjs/common';
import { User } from './user.entity';
import { toUserResponse, UserAccess, UserResponse } from './user.response';

type AccessResolver = (user: User) => Promise<UserAccess>;

/** Renders the user JSON of docs/http-contract.md §7; RBAC plugs in the roles and effective permissions. */
@Injectable()
export class UserPresenter {
  private resolveAccess: AccessResolver = async () => ({ roles: [], permissions: [] });

  setAccessResolver(resolver: AccessResolver): void {
    this.resolveAccess = resolver;
  }

  async present(user: User): Promise<UserResponse> {
    return toUserResponse(user, await this.resolveAccess(user));
  }
}
