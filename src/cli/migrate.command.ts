import { CliCommand, parseOptions } from './command';

/** The runner applies pending migrations before every database command; this one reports them. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: '',
  description: 'Apply pending database migrations and list them',
  needs: 'database',
  async run(ctx, args) {
    parseOptions(migrateCommand, args, {});
    const applied = ctx.database.migrations;
    if (applied.length === 0) ctx.out('Nothing to migrate.');
    for (const name of applied) ctx.out(`Migrated: ${name}`);
  },
};
