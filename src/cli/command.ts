import { parseArgs, ParseArgsConfig } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import type { Env } from '../config/config';
import type { AppConfig } from '../config/config.types';

/**
 * What a command needs before it runs: nothing (key:generate works without a valid config),
 * a migrated database, or the whole Nest application context (services, repositories).
 */
export type CommandNeeds = 'nothing' | 'database' | 'app';

export interface CliContext {
  /** Writes one line to stdout. Never pass it a password or a secret other than the command's product. */
  out(line: string): void;
  env: Env;
  /** The fields below throw when the command declared it does not need them. */
  readonly config: AppConfig;
  readonly database: { url: string; embedded: boolean; migrations: string[] };
  readonly app: INestApplicationContext;
}

export interface CliCommand {
  name: string;
  /** Arguments after the name, e.g. `--name N --email E --password P [--verified]`. */
  usage: string;
  description: string;
  needs: CommandNeeds;
  run(ctx: CliContext, args: string[]): Promise<void>;
}

/** An expected failure: runCli prints only its message and exits 1. */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with messages that name the command's usage and never echo a value
 * (a stray positional might be half of a password).
 */
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>>;

export function parseOptions<T extends Options>(command: CliCommand, args: string[], options: T, positionals = 0): Parsed<T> {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    // Node's first sentence names the option ("Unknown option '--pasword'"); a positional is not repeated.
    const unexpected = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL';
    const message = unexpected ? 'Unexpected argument' : (error as Error).message.split(/\.(?:\s|$)/)[0];
    throw new CliError(`${message} (usage: ${usageLine(command)})`, { cause: error });
  }
  if (parsed.positionals.length > positionals) throw new CliError(`Too many arguments (usage: ${usageLine(command)})`);
  return parsed;
}

/** A required string option, trimmed; "" counts as missing. */
export function requireOption(command: CliCommand, values: Record<string, unknown>, name: string): string {
  const value = values[name];
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') throw new CliError(`Missing required option --${name} (usage: ${usageLine(command)})`);
  return trimmed;
}

export const usageLine = (command: CliCommand) => `${command.name} ${command.usage}`.trim();
