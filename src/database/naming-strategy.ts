import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (value: string) => value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * snake_case columns and readable constraint names (`uq_users_email` instead of TypeORM's hashes),
 * so migrations and database errors are legible.
 */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string, prefixes: string[]): string {
    return customName ?? snake([...prefixes, propertyName].join('_'));
  }
  override relationName(propertyName: string): string {
    return snake(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override primaryKeyName(table: Table | string): string {
    return `pk_${this.getTableName(table)}`;
  }
  override uniqueConstraintName(table: Table | string, columns: string[]): string {
    return `uq_${this.getTableName(table)}_${columns.join('_')}`;
  }
  override indexName(table: Table | string, columns: string[]): string {
    return `idx_${this.getTableName(table)}_${columns.join('_')}`;
  }
  override foreignKeyName(table: Table | string, columns: string[]): string {
    return `fk_${this.getTableName(table)}_${columns.join('_')}`;
  }
}
