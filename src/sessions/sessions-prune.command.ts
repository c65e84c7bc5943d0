import { CliCommand, parseOptions } from '../cli/command';
import { SessionsService } from './sessions.service';

/** Deletes expired sessions (Laravel's session garbage collection, run on demand or from cron). */
export const sessionsPruneCommand: CliCommand = {
  name: 'sessions:prune',
  usage: '',
  description: 'Delete sessions that are past their idle lifetime',
  needs: 'app',
  async run(ctx, args) {
    parseOptions(sessionsPruneCommand, args, {});
    const pruned = await ctx.app.get(SessionsService, { strict: false }).prune();
    ctx.out(`Pruned ${pruned} expired session${pruned === 1 ? '' : 's'}.`);
  },
};
