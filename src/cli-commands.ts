import type { CliCommand } from './cli/command';
import { keyGenerateCommand } from './cli/key-generate.command';
import { migrateCommand } from './cli/migrate.command';
import { userCreateCommand } from './account/user-create.command';
import { importLaravelCommand } from './import/import-laravel.command';
import { LDAP_COMMANDS } from './ldap/ldap.commands';
import { pruneCommand } from './pruning/prune.command';
import { RBAC_COMMANDS } from './rbac/rbac.commands';
import { sessionsPruneCommand } from './sessions/sessions-prune.command';
import { tokenCreateCommand } from './tokens/token-create.command';
import { tokensPruneCommand } from './tokens/tokens-prune.command';

/**
 * Every CLI command. A module adds its own (tokens:prune, sessions:prune, role:create, db:seed…)
 * by writing a CliCommand next to its code and listing it here.
 */
export const COMMANDS: readonly CliCommand[] = [userCreateCommand, migrateCommand, keyGenerateCommand, sessionsPruneCommand, tokenCreateCommand, tokensPruneCommand, pruneCommand, ...RBAC_COMMANDS, importLaravelCommand, ...LDAP_COMMANDS];
