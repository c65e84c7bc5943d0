import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AdminActor } from './admin-actor';
import { AdminPolicy } from './admin-policy';
import { isUniqueViolation, nameTaken } from './rbac-lookups';
import { RbacTransactions } from './rbac-transactions';
import { Team } from './team.entity';

@Injectable()
export class TeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: RbacTransactions,
    private readonly policy: AdminPolicy,
  ) {}

  list(): Promise<Team[]> {
    return this.dataSource.manager.find(Team, { order: { id: 'ASC' } });
  }

  findById(id: number): Promise<Team | null> {
    return this.dataSource.manager.findOneBy(Team, { id });
  }

  /** Team names are unique, so admins and the CLI can tell teams apart; 422 otherwise. A new team is a global action. */
  create(name: string, actor?: AdminActor): Promise<Team> {
    return this.transactions
      .run(async (manager) => {
        if (actor) await this.policy.requirePermission(manager, actor, null, 'teams.manage');
        if (await manager.existsBy(Team, { name })) throw nameTaken();
        return manager.save(manager.create(Team, { name }));
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'uq_teams_name')) throw nameTaken();
        throw error;
      });
  }
}
