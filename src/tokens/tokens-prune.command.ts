import { CliCommand, parseOptions } from '../cli/command';
import { parseWholeNumberOption } from './token-create.command';
import { TokensService } from './tokens.service';

/** docs/http-contract.md §9.4: `tokens:prune [--hours 24]`, Sanctum's `sanctum:prune-expired`. */
export const tokensPruneCommand: CliCommand = {
  name: 'tokens:prune',
  usage: '[--hours 24]',
  description: 'Delete tokens that expired more than --hours hours ago (default 24)',
  needs: 'app',
  async run(ctx, args) {
    const { values } = parseOptions(this, args, { hours: { type: 'string' } });
    const hours = parseWholeNumberOption(values.hours, 'hours', 0) ?? 24;
    const result = await ctx.app.get(TokensService, { strict: false }).prune(hours);
    ctx.out(`Pruned ${result.byExpiresAt} token(s) whose expires_at passed more than ${hours} hour(s) ago.`);
    if (result.byExpiration === null) {
      ctx.out('SANCTUM_EXPIRATION is not set: tokens without expires_at do not expire by age, so none were pruned for it.');
    } else {
      ctx.out(`Pruned ${result.byExpiration} token(s) older than SANCTUM_EXPIRATION (${ctx.config.sanctum.expirationMinutes} minutes) plus ${hours} hour(s).`);
    }
  },
};
