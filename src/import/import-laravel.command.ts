import { DataSource } from 'typeorm';
import { CliCommand, CliError, parseOptions, requireOption } from '../cli/command';
import { Encrypter } from '../common/crypto';
import { Env } from '../config/config';
import { importLaravel } from './laravel-import';
import { IMPORT_PARTS, ImportOptions, ImportPart } from './import-types';
import { reportLines, terminalProgress } from './import-report';
import { LaravelDecrypter, LaravelDecryptError } from './laravel-encrypter';
import { openSource, SourceDatabase } from './source-database';

const DEFAULT_BATCH_SIZE = 1000;
const MAX_BATCH_SIZE = 10_000;
const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function parts(only: string | undefined): Set<ImportPart> {
  if (only === undefined) return new Set(IMPORT_PARTS);
  const asked = only.split(',').map((part) => part.trim()).filter((part) => part !== '');
  const unknown = asked.filter((part) => !(IMPORT_PARTS as readonly string[]).includes(part));
  if (asked.length === 0 || unknown.length > 0) throw new CliError(`--only takes a comma-separated list of: ${IMPORT_PARTS.join(', ')}`);
  return new Set(asked as ImportPart[]);
}

function batchSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_BATCH_SIZE;
  if (!/^\d{1,6}$/.test(value.trim()) || Number(value) < 1 || Number(value) > MAX_BATCH_SIZE) {
    throw new CliError(`--batch-size must be an integer from 1 to ${MAX_BATCH_SIZE}`);
  }
  return Number(value);
}

/**
 * Checked before anything is opened: a malformed key fails at once (and is never echoed). The keys may come from
 * LARAVEL_KEY / LARAVEL_PREVIOUS_KEYS instead of the options, so that they stay out of the process list.
 */
function decrypterFor(values: Record<string, unknown>, env: Env, wanted: Set<ImportPart>): LaravelDecrypter | null {
  if (!wanted.has('two-factor')) return null;
  const fromEnv = env.LARAVEL_KEY?.trim();
  const key = fromEnv && values['laravel-key'] === undefined ? fromEnv : requireOption(importLaravelCommand, values, 'laravel-key');
  const previousList = typeof values['laravel-previous-keys'] === 'string' ? values['laravel-previous-keys'] : (env.LARAVEL_PREVIOUS_KEYS ?? '');
  const previous = previousList.split(',').map((k) => k.trim()).filter((k) => k !== '');
  try {
    return new LaravelDecrypter(key, previous);
  } catch (error) {
    throw new CliError(`--laravel-key: ${(error as Error).message}`);
  }
}

async function open(url: string): Promise<SourceDatabase> {
  try {
    return await openSource(url);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`Cannot open the Laravel database (--source): ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
}

export const importLaravelCommand: CliCommand = {
  name: 'import:laravel',
  usage:
    '--source <mysql://…|mariadb://…|postgres://…> --laravel-key base64:… (or LARAVEL_KEY) [--laravel-previous-keys k1,k2 (or LARAVEL_PREVIOUS_KEYS)] [--dry-run] [--only users,tokens,two-factor,roles] [--teams-column team_id] [--user-model App\\Models\\User] [--merge-roles] [--batch-size 1000]',
  description: "Import a Laravel app's users, Sanctum tokens, Fortify two-factor and spatie roles (ids kept; idempotent)",
  needs: 'app',
  async run(ctx, args) {
    const { values } = parseOptions(importLaravelCommand, args, {
      source: { type: 'string' },
      'laravel-key': { type: 'string' },
      'laravel-previous-keys': { type: 'string' },
      'dry-run': { type: 'boolean' },
      only: { type: 'string' },
      'teams-column': { type: 'string' },
      'user-model': { type: 'string' },
      'merge-roles': { type: 'boolean' },
      'batch-size': { type: 'string' },
    });
    const sourceUrl = requireOption(importLaravelCommand, values, 'source');
    const wanted = parts(values.only);
    const teamsColumn = values['teams-column']?.trim() || null;
    if (teamsColumn !== null && !COLUMN_NAME.test(teamsColumn)) throw new CliError('--teams-column must be a column name');
    const options: ImportOptions = {
      parts: wanted,
      userModel: values['user-model']?.trim() || 'App\\Models\\User',
      teamsColumn,
      dryRun: values['dry-run'] === true,
      batchSize: batchSize(values['batch-size']),
      mergeRoles: values['merge-roles'] === true,
      superAdminRole: ctx.config.superAdminRole,
      decrypter: decrypterFor(values, ctx.env, wanted),
      encrypter: new Encrypter(ctx.config.appKey),
    };
    const source = await open(sourceUrl);
    try {
      const summary = await importLaravel(source, ctx.app.get(DataSource), options, terminalProgress());
      for (const line of reportLines(summary)) ctx.out(line);
    } catch (error) {
      if (error instanceof LaravelDecryptError) throw new CliError(error.message);
      throw error;
    } finally {
      await source.close().catch(() => undefined);
    }
  },
};
