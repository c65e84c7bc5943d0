import type { EntityManager } from 'typeorm';
import type { ResolvedUserField, UserFieldValues } from '../common/user-field-rules';

const quote = (identifier: string) => `"${identifier}"`;

/** Reads and writes the extra columns with parameterised SQL; the User entity itself stays unchanged. */
export class UserFieldStore {
  constructor(readonly fields: ResolvedUserField[]) {}

  get enabled(): boolean {
    return this.fields.length > 0;
  }

  async load(manager: EntityManager, id: number): Promise<UserFieldValues> {
    return (await this.loadMany(manager, [id])).get(id) ?? {};
  }

  /** The fields of several users in one query (a page of the admin list). */
  async loadMany(manager: EntityManager, ids: number[]): Promise<Map<number, UserFieldValues>> {
    const values = new Map<number, UserFieldValues>();
    if (!this.enabled || ids.length === 0) return values;
    const columns = this.fields.map((field) => `${quote(field.column)} AS ${quote(field.name)}`).join(', ');
    const rows = (await manager.query(`SELECT "id" AS "__id", ${columns} FROM "users" WHERE "id" = ANY($1::bigint[])`, [ids])) as Array<UserFieldValues & { __id: number }>;
    for (const { __id, ...fields } of rows) values.set(Number(__id), fields);
    return values;
  }

  async write(manager: EntityManager, id: number, values: UserFieldValues): Promise<void> {
    const set = this.fields.filter((field) => field.name in values);
    if (set.length === 0) return;
    const assignments = set.map((field, index) => `${quote(field.column)} = $${index + 2}`).join(', ');
    await manager.query(`UPDATE "users" SET ${assignments} WHERE "id" = $1`, [id, ...set.map((field) => values[field.name])]);
  }
}
