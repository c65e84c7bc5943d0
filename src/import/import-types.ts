import type { Encrypter } from '../common/crypto';
import type { LaravelDecrypter } from './laravel-encrypter';

export const IMPORT_PARTS = ['users', 'tokens', 'two-factor', 'roles'] as const;
export type ImportPart = (typeof IMPORT_PARTS)[number];

export interface ImportOptions {
  parts: ReadonlySet<ImportPart>;
  /** The Eloquent class of users in tokenable_type and model_type (`App\Models\User`). */
  userModel: string;
  /** spatie's team_foreign_key when teams are on; null to detect `team_id`. */
  teamsColumn: string | null;
  dryRun: boolean;
  /** Rows per page read from Laravel and per transaction written here (--batch-size, 1000). */
  batchSize: number;
  /** --merge-roles: Laravel roles and permissions named as this app's own ones are merged into them. */
  mergeRoles: boolean;
  /** SUPER_ADMIN_ROLE: a Laravel role of that name is imported only with mergeRoles. */
  superAdminRole: string;
  /** Null when two-factor is not imported. */
  decrypter: LaravelDecrypter | null;
  /** Ours (APP_KEY): what the imported two-factor secrets are encrypted with. */
  encrypter: Encrypter;
}

/** One line of the summary: found in Laravel, new here, already here, skipped (with a problem). */
export interface ImportCount {
  what: string;
  found: number;
  added: number;
  skipped: number;
}

export interface ImportSummary {
  dryRun: boolean;
  counts: ImportCount[];
  /** Every problem found, never holding a secret. */
  problems: string[];
}

export interface Progress {
  start(total: number): void;
  advance(rows: number): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { start: () => undefined, advance: () => undefined, stop: () => undefined };
