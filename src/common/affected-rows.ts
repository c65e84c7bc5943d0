/** pg reports the affected row count of UPDATE/DELETE through TypeORM's query() as [rows, count]. */
export function affectedRows(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
