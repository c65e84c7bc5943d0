import type { EntityManager } from 'typeorm';
import type { HostFieldValues, ResolvedHostField } from '../common/host-field-rules';
import type { Team } from './team.entity';

const quote = (identifier: string) => `"${identifier}"`;
/** PostgreSQL functions take at most 100 arguments: 50 key/value pairs per jsonb_build_object. */
const PAIRS_PER_CALL = 50;

/**
 * Reads and writes the host's extra team columns (`teams.fields`) with parameterised SQL over checked
 * identifiers; the Team entity itself stays unchanged. Values are read through jsonb, so a number is a
 * number whatever the column's type, the same in the admin team JSON and in the user's teams.
 */
export class TeamFieldStore {
  constructor(readonly fields: ResolvedHostField[]) {}

  get enabled(): boolean {
    return this.fields.length > 0;
  }

  /** A jsonb expression of the fields of the teams row `alias`: `{ field: value, … }` (`{}` without fields). */
  jsonOf(alias: string): string {
    if (!this.enabled) return "'{}'::jsonb";
    const calls: string[] = [];
    for (let i = 0; i < this.fields.length; i += PAIRS_PER_CALL) {
      const pairs = this.fields.slice(i, i + PAIRS_PER_CALL).map((field) => `'${field.name}', ${alias}.${quote(field.column)}`);
      calls.push(`jsonb_build_object(${pairs.join(', ')})`);
    }
    return calls.join(' || ');
  }

  /** Loads the fields of every team in one query and sets `team.fields`; none without `teams.fields`. */
  async attach(manager: EntityManager, teams: Team[]): Promise<Team[]> {
    if (!this.enabled || teams.length === 0) return teams;
    const rows: Array<{ id: number | string; fields: HostFieldValues }> = await manager.query(
      `SELECT t.id, ${this.jsonOf('t')} AS fields FROM teams t WHERE t.id = ANY($1::bigint[])`,
      [teams.map((team) => team.id)],
    );
    const byId = new Map(rows.map((row) => [Number(row.id), row.fields]));
    for (const team of teams) team.fields = byId.get(Number(team.id)) ?? {};
    return teams;
  }

  async write(manager: EntityManager, id: number, values: HostFieldValues): Promise<void> {
    const set = this.fields.filter((field) => field.name in values);
    if (set.length === 0) return;
    const assignments = set.map((field, index) => `${quote(field.column)} = $${index + 2}`).join(', ');
    await manager.query(`UPDATE teams SET ${assignments} WHERE id = $1`, [id, ...set.map((field) => values[field.name])]);
  }
}
