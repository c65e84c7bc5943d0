import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Where the import writes. A real run commits each batch in its own transaction (a failure keeps the
 * batches before it; running again resumes, as the import is idempotent). A dry run does the same
 * work inside one transaction that is always rolled back, so its counts are exact and nothing stays.
 */
export class ImportTarget {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly dryRunner: QueryRunner | null,
  ) {}

  static async open(dataSource: DataSource, dryRun: boolean): Promise<ImportTarget> {
    if (!dryRun) return new ImportTarget(dataSource, null);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return new ImportTarget(dataSource, runner);
  }

  get dryRun(): boolean {
    return this.dryRunner !== null;
  }

  /** Reads outside any batch. */
  get reader(): EntityManager {
    return this.dryRunner?.manager ?? this.dataSource.manager;
  }

  batch<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dryRunner ? work(this.dryRunner.manager) : this.dataSource.transaction(work);
  }

  /** Sequences are not transactional: a dry run must not move them. */
  async finish(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    if (!this.dryRunner) return this.dataSource.transaction(work);
  }

  async close(): Promise<void> {
    if (!this.dryRunner) return;
    if (this.dryRunner.isTransactionActive) await this.dryRunner.rollbackTransaction();
    await this.dryRunner.release();
  }
}

/** Runs `write` over `rows` in batches, each through the target's batch(); returns the sum of what it reports. */
export async function inBatches<T>(
  target: ImportTarget,
  rows: T[],
  write: (manager: EntityManager, batch: T[]) => Promise<number>,
  advance: (rows: number) => void,
  size: number,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < rows.length; i += size) {
    const batch = rows.slice(i, i + size);
    total += await target.batch((manager) => write(manager, batch));
    advance(batch.length);
  }
  return total;
}
