import { CliCommand, parseOptions } from '../cli/command';
import { Pruner } from './pruner';

/** The server's scheduled pruning pass, on demand (e.g. with PRUNE_INTERVAL_MINUTES=0 and an external cron). */
export const pruneCommand: CliCommand = {
  name: 'prune',
  usage: '',
  description: 'Delete expired sessions, tokens, pending logins, passkey challenges, rate-limit windows and audit events past AUDIT_RETENTION_DAYS',
  needs: 'app',
  async run(ctx, args) {
    parseOptions(pruneCommand, args, {});
    const counts = await ctx.app.get(Pruner, { strict: false }).runOnce();
    if (counts === null) {
      ctx.out('Another instance is pruning right now; nothing done.');
      return;
    }
    ctx.out(
      `Pruned ${counts.sessions} session(s), ${counts.tokens} token(s), ${counts.pendingLogins} pending login(s), ` +
        `${counts.passkeyChallenges} passkey challenge(s), ` +
        `${counts.rateLimits} rate-limit window(s), ${counts.auditEvents} audit event(s).`,
    );
  },
};
