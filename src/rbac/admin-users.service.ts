import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/api-error';
import { User } from '../users/user.entity';
import { toUserResponse, UserResponse } from '../users/user.response';
import { AccessService } from './access.service';
import { Page, pageOffset, PageRequest, toPage } from './pagination';

/** LIKE wildcards in a search term are literals. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** GET /api/users and /api/users/:id: user JSON (§7) with each user's roles/permissions in their current team. */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** Oldest first (stable pages); `search` matches name or email, case-insensitively. */
  async list(request: PageRequest, search?: string): Promise<Page<UserResponse>> {
    const query = this.dataSource.manager.createQueryBuilder(User, 'user').orderBy('user.id', 'ASC');
    if (search) query.where('(user.name ILIKE :term OR user.email ILIKE :term)', { term: likePattern(search) });
    const [users, total] = await query.skip(pageOffset(request)).take(request.perPage).getManyAndCount();
    const accesses = await this.access.forUsers(users);
    return toPage(users.map((user, i) => toUserResponse(user, accesses[i].toUserAccess())), request, total);
  }

  async get(id: number): Promise<UserResponse> {
    const user = await this.dataSource.manager.findOneBy(User, { id });
    if (!user) throw notFound();
    return this.present(user);
  }

  async present(user: User): Promise<UserResponse> {
    return toUserResponse(user, (await this.access.forUser(user)).toUserAccess());
  }
}
