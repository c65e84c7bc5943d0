import type { CliCommand } from './command';
import { keyGenerateCommand } from './key-generate.command';
import { migrateCommand } from './migrate.command';
import { userCreateCommand } from './user-create.command';

/**
 * Every CLI command. A module adds its own (tokens:prune, sessions:prune, role:create, db:seed…)
 * by writing a CliCommand next to its code and listing it here.
 */
export const COMMANDS: readonly CliCommand[] = [userCreateCommand, migrateCommand, keyGenerateCommand];
