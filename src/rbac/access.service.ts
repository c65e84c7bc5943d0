import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ResolvedHostField } from '../common/host-field-rules';
import { TEAM_FIELDS } from '../common/team-field-rules';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { AccessCache, accessKey } from './access-cache';
import { AccessSubject, LoadedAccess, loadAccess } from './access.query';
import { EffectiveAccess } from './effective-access';
import { TeamFieldStore } from './team-fields';

/** Anything with a user id and a current team (a User entity, typically). */
export interface AccessHolder {
  id: number;
  currentTeamId: number | null;
}

const subjectOf = (holder: AccessHolder): AccessSubject => ({ userId: holder.id, teamId: holder.currentTeamId });

/**
 * Effective roles and permissions of users in their current team, and the teams they belong to (with the
 * host's team fields), served from the in-process cache: loaded in the same round trip, so presenting a
 * user's teams costs nothing once the access is warm.
 */
@Injectable()
export class AccessService {
  /** The jsonb expression of the host's team columns, built once from the checked `teams.fields`. */
  private readonly teamFields: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly cache: AccessCache,
    @Optional() @Inject(TEAM_FIELDS) teamFields?: ResolvedHostField[],
  ) {
    this.teamFields = new TeamFieldStore(teamFields ?? []).jsonOf('t');
  }

  forUser(holder: AccessHolder): Promise<EffectiveAccess> {
    return this.forSubject(subjectOf(holder));
  }

  forSubject(subject: AccessSubject): Promise<EffectiveAccess> {
    return this.cache.getOrLoad(accessKey(subject.userId, subject.teamId), async () => {
      const [loaded] = await loadAccess(this.dataSource.manager, [subject], this.teamFields);
      return this.build(loaded);
    });
  }

  /** For a page of users: cached entries as they are, every miss in one query. */
  async forUsers(holders: readonly AccessHolder[]): Promise<EffectiveAccess[]> {
    const subjects = holders.map(subjectOf);
    const keys = subjects.map((subject) => accessKey(subject.userId, subject.teamId));
    const result = keys.map((key) => this.cache.get(key));
    const misses = result.flatMap((access, i) => (access ? [] : [i]));
    if (misses.length === 0) return result as EffectiveAccess[];
    const generation = this.cache.currentGeneration();
    const loaded = await loadAccess(this.dataSource.manager, misses.map((i) => subjects[i]), this.teamFields);
    misses.forEach((i, j) => {
      result[i] = this.build(loaded[j]);
      this.cache.store(keys[i], result[i], generation);
    });
    return result as EffectiveAccess[];
  }

  /** Uncached, inside a caller's transaction (e.g. to answer with what was just written). */
  async inTransaction(manager: EntityManager, holder: AccessHolder): Promise<EffectiveAccess> {
    const [loaded] = await loadAccess(manager, [subjectOf(holder)], this.teamFields);
    return this.build(loaded);
  }

  private build(loaded: LoadedAccess): EffectiveAccess {
    return new EffectiveAccess(loaded.roles, loaded.permissions, this.config.superAdminRole, loaded.globalRoles, loaded.teams);
  }
}
