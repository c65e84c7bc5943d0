import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/api-error';
import type { HostFieldValues, ResolvedHostField } from '../common/host-field-rules';
import { TEAM_FIELDS } from '../common/team-field-rules';
import type { AdminActor } from './admin-actor';
import { AdminPolicy } from './admin-policy';
import { isUniqueViolation, nameTaken } from './rbac-lookups';
import { RbacTransactions } from './rbac-transactions';
import { Team } from './team.entity';
import { TeamFieldStore } from './team-fields';

export interface TeamChanges {
  name?: string;
  /** The host's extra fields (`teams.fields`), already validated; absent ones stay as they are. */
  fields?: HostFieldValues;
}

const mapDuplicate = (error: unknown): never => {
  if (isUniqueViolation(error, 'uq_teams_name')) throw nameTaken();
  throw error;
};

/**
 * Teams and the host's extra team columns. Every write goes through RbacTransactions: the users' teams
 * (name and fields) are cached with their access, so a team change invalidates like any RBAC change.
 */
@Injectable()
export class TeamsService {
  readonly fieldStore: TeamFieldStore;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: RbacTransactions,
    private readonly policy: AdminPolicy,
    @Optional() @Inject(TEAM_FIELDS) fields?: ResolvedHostField[],
  ) {
    this.fieldStore = new TeamFieldStore(fields ?? []);
  }

  async list(): Promise<Team[]> {
    const teams = await this.dataSource.manager.find(Team, { order: { id: 'ASC' } });
    return this.fieldStore.attach(this.dataSource.manager, teams);
  }

  /** Team names are unique: the one team of that name, with its fields, or null. */
  async findByName(name: string): Promise<Team | null> {
    const team = await this.dataSource.manager.findOneBy(Team, { name });
    return team ? (await this.fieldStore.attach(this.dataSource.manager, [team]))[0] : null;
  }

  findById(id: number): Promise<Team | null> {
    return this.dataSource.manager.findOneBy(Team, { id });
  }

  /** Team names are unique, so admins and the CLI can tell teams apart; 422 otherwise. A new team is a global action. */
  create(name: string, actor?: AdminActor, fields: HostFieldValues = {}): Promise<Team> {
    return this.transactions
      .run(async (manager) => {
        if (actor) await this.policy.requirePermission(manager, actor, null, 'teams.manage');
        if (await manager.existsBy(Team, { name })) throw nameTaken();
        const team = await manager.save(manager.create(Team, { name }));
        await this.fieldStore.write(manager, team.id, fields);
        return this.reload(manager, team.id);
      })
      .catch(mapDuplicate);
  }

  /** Renames and/or sets fields; a global action, as creating a team. 404 for an unknown team. */
  update(id: number, changes: TeamChanges, actor?: AdminActor): Promise<Team> {
    return this.transactions
      .run(async (manager) => {
        const team = await manager.createQueryBuilder(Team, 'team').setLock('pessimistic_write').where('team.id = :id', { id }).getOne();
        if (!team) throw notFound();
        if (actor) await this.policy.requirePermission(manager, actor, null, 'teams.manage');
        if (changes.name !== undefined && changes.name !== team.name) {
          if (await manager.existsBy(Team, { name: changes.name })) throw nameTaken();
          await manager.update(Team, { id }, { name: changes.name });
        }
        await this.fieldStore.write(manager, id, changes.fields ?? {});
        return this.reload(manager, id);
      })
      .catch(mapDuplicate);
  }

  private async reload(manager: EntityManager, id: number): Promise<Team> {
    const [team] = await this.fieldStore.attach(manager, [await manager.findOneByOrFail(Team, { id })]);
    return team;
  }
}
