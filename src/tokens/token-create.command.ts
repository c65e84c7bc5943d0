import { CliCommand, CliError, parseOptions, usageLine } from '../cli/command';
import { UsersService } from '../users/users.service';
import { TokensService } from './tokens.service';

/** `--abilities a,b`: trimmed, empty entries dropped; omitted → `["*"]`. */
export function parseAbilitiesOption(raw: string | undefined): string[] {
  if (raw === undefined) return ['*'];
  const abilities = [...new Set(raw.split(',').map((a) => a.trim()).filter((a) => a !== ''))];
  if (abilities.length === 0) throw new CliError('The --abilities option needs at least one ability, e.g. --abilities posts.read,posts.create');
  return abilities;
}

/** A whole number of minutes (or hours), `min` or more; anything else is a CliError naming the option. */
export function parseWholeNumberOption(raw: string | undefined, option: string, min: number): number | null {
  if (raw === undefined) return null;
  if (!/^[0-9]{1,9}$/.test(raw.trim()) || Number(raw) < min) {
    throw new CliError(`The --${option} option must be a whole number of at least ${min}.`);
  }
  return Number(raw);
}

/** docs/http-contract.md §9.4: `token:create EMAIL NAME [--abilities a,b] [--expires-in MINUTES]`; prints only the plain token. */
export const tokenCreateCommand: CliCommand = {
  name: 'token:create',
  usage: 'EMAIL NAME [--abilities a,b] [--expires-in MINUTES]',
  description: 'Create a personal access token for a user and print it (shown only this once)',
  needs: 'app',
  async run(ctx, args) {
    const { values, positionals } = parseOptions(this, args, { abilities: { type: 'string' }, 'expires-in': { type: 'string' } }, 2);
    const [email, name] = positionals.map((value) => value.trim());
    if (!email || !name) throw new CliError(`Missing EMAIL or NAME (usage: ${usageLine(this)})`);
    if (name.length > 255) throw new CliError('The name must not be greater than 255 characters.');
    const abilities = parseAbilitiesOption(values.abilities);
    const minutes = parseWholeNumberOption(values['expires-in'], 'expires-in', 1);
    const expiresAt = minutes === null ? null : new Date(Date.now() + minutes * 60_000);

    const user = await ctx.app.get(UsersService, { strict: false }).findByEmail(email);
    if (!user) throw new CliError('No user has that email address.');
    const { plainTextToken } = await ctx.app.get(TokensService, { strict: false }).issue(user.id, name, abilities, expiresAt, { via: 'cli' });
    ctx.out(plainTextToken);
  },
};
