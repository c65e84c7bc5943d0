import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { notFound } from '../common/api-error';
import { User } from '../users/user.entity';
import { PresentedUser, UserPresenter } from '../users/user-presenter';
import { UsersService } from '../users/users.service';
import { AccessService } from './access.service';
import { Page, pageOffset, PageRequest, toPage } from './pagination';

/** LIKE wildcards in a search term are literals. */
const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface UserListFilter {
  search?: string;
  /** Only members of this team (a role assigned in it); null = every user. */
  teamId: number | null;
}

const MEMBER_OF_TEAM = 'EXISTS (SELECT 1 FROM user_roles ur WHERE ur.user_id = user.id AND ur.team_id = :teamId)';

/** GET /api/users and /api/users/:id: user JSON (§7) with each user's roles/permissions in their current team. */
@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly presenter: UserPresenter,
    private readonly users: UsersService,
  ) {}

  /** Oldest first (stable pages); `search` matches name or email, case-insensitively. */
  async list(request: PageRequest, filter: UserListFilter = { teamId: null }): Promise<Page<PresentedUser>> {
    const query = this.dataSource.manager.createQueryBuilder(User, 'user').where('TRUE').orderBy('user.id', 'ASC');
    if (filter.search) query.andWhere('(user.name ILIKE :term OR user.email ILIKE :term)', { term: likePattern(filter.search) });
    if (filter.teamId !== null) query.andWhere(MEMBER_OF_TEAM, { teamId: filter.teamId });
    const [users, total] = await query.skip(pageOffset(request)).take(request.perPage).getManyAndCount();
    const [accesses] = await Promise.all([this.access.forUsers(users), this.users.withFieldsMany(users)]);
    // One after another: a host's async present() must not take a pooled connection per user of the page.
    const presented: PresentedUser[] = [];
    for (const [i, user] of users.entries()) presented.push(await this.presenter.presentWith(user, accesses[i].toUserAccess()));
    return toPage(presented, request, total);
  }

  /** 404 also for a user outside `teamId` when given: a team admin cannot tell others apart from nobody. */
  async get(id: number, teamId: number | null = null): Promise<PresentedUser> {
    const query = this.dataSource.manager.createQueryBuilder(User, 'user').where('user.id = :id', { id });
    if (teamId !== null) query.andWhere(MEMBER_OF_TEAM, { teamId });
    const user = await query.getOne();
    if (!user) throw notFound();
    return this.present(user);
  }

  async present(user: User): Promise<PresentedUser> {
    const [access] = await Promise.all([this.access.forUser(user), this.users.withFields(user)]);
    return this.presenter.presentWith(user, access.toUserAccess());
  }
}
