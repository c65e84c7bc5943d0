import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, Env, loadConfig, readEnv } from './config/config';
import type { AppConfig } from './config/config.types';
import { DatabaseHandle, migrateDatabase, openDatabase } from './database/bootstrap';
import { withProjectDataDir } from './database/data-dir';
import { isDatabaseUnavailable } from './common/db-errors';
import { CliCommand, CliContext, CliError, CommandNeeds, usageLine } from './cli/command';
import { COMMANDS } from './cli-commands';
import { GatehouseApp, prepareGatehouseApp } from './gatehouse-app';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/**
 * Runs one command and returns the exit code: 0 on success, 1 with a one-line message on
 * stderr otherwise (never a stack trace). Exported for the tests, which run it in-process.
 */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
  env: Env = readEnv(),
  commands: readonly CliCommand[] = COMMANDS,
  host?: GatehouseApp,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(helpText(commands));
    return name === undefined ? 1 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`Unknown command "${name}". Available: ${commands.map((c) => c.name).join(', ')}`);
    return 1;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`Usage: ${usageLine(command)}\n  ${command.description}`);
    return 0;
  }
  try {
    await execute(command, args, io, env, host);
    return 0;
  } catch (error) {
    io.err(describeFailure(error));
    return 1;
  }
}

/**
 * Gatehouse's CLI for a host app: its commands and the host's, on the host's database and root module
 * (`node dist/cli.js <command>` in the host: `runGatehouseCli(app).then((code) => process.exit(code))`).
 */
export function runGatehouseCli(host: GatehouseApp, argv: string[] = process.argv.slice(2), env: Env = readEnv(), io: CliIo = processIo): Promise<number> {
  return runCli(argv, io, env, [...COMMANDS, ...(host.commands ?? [])], host);
}

async function execute(command: CliCommand, args: string[], io: CliIo, env: Env, host?: GatehouseApp): Promise<void> {
  const ctx = new CommandContext(io, env, host);
  try {
    await ctx.open(command.needs);
    await command.run(ctx, args);
  } finally {
    await ctx.close();
  }
}

/** Opens what a command needs, in order, and closes it in reverse. */
class CommandContext implements CliContext {
  private loadedConfig: AppConfig | null = null;
  private handle: DatabaseHandle | null = null;
  private migrations: string[] = [];
  private nest: INestApplicationContext | null = null;

  readonly out: (line: string) => void;

  constructor(
    private readonly io: CliIo,
    readonly env: Env,
    private readonly host?: GatehouseApp,
  ) {
    this.out = io.out;
  }

  async open(needs: CommandNeeds): Promise<void> {
    if (needs === 'nothing') return;
    if (this.host) return this.openHost(this.host, needs);
    const config = (this.loadedConfig = loadConfig(withProjectDataDir(this.env)));
    // While `npm start` runs on the embedded database, connect to its socket instead of opening the files.
    const database = (this.handle = await openDatabase(config, { reuseRunning: true }));
    // Which files a command changes is not obvious from the working directory; a DATABASE_URL is the
    // operator's own (and may hold a password), so only the embedded case is named.
    if (database.embedded) this.io.err(`Embedded database: ${config.dataDir}${database.shared ? " (through the running server's socket)" : ''}`);
    this.migrations = await migrateDatabase(database.url);
    if (needs === 'app') {
      // abortOnError: false, or Nest would process.abort() on a failing provider instead of throwing.
      this.nest = await NestFactory.createApplicationContext(AppModule.forRoot(config, database.url), {
        logger: false,
        abortOnError: false,
      });
    }
  }

  private async openHost(host: GatehouseApp, needs: CommandNeeds): Promise<void> {
    this.loadedConfig = loadConfig(this.env);
    const prepared = await prepareGatehouseApp(host, this.env, true);
    const database = (this.handle = prepared.database);
    if (database.embedded) this.io.err(`Embedded database: ${this.loadedConfig.dataDir}${database.shared ? " (through the running server's socket)" : ''}`);
    this.migrations = prepared.migrations;
    if (needs === 'app') {
      this.nest = await NestFactory.createApplicationContext(host.module(prepared.options), { logger: false, abortOnError: false });
    }
  }

  get config(): AppConfig {
    return required(this.loadedConfig, 'the configuration');
  }

  get database() {
    const { url, embedded } = required(this.handle, 'the database');
    return { url, embedded, migrations: this.migrations };
  }

  get app(): INestApplicationContext {
    return required(this.nest, 'the application context');
  }

  async close(): Promise<void> {
    await this.nest?.close().catch(() => undefined);
    await this.handle?.close().catch(() => undefined);
  }
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`This command did not declare that it needs ${what}`);
  return value;
}

function describeFailure(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (error instanceof ConfigError) return `Invalid configuration: ${error.problems.join('; ')}`;
  const message = firstLine(error);
  if (isDatabaseUnavailable(error)) return `Cannot reach the database: ${message}`;
  return `Failed: ${message}`;
}

function firstLine(error: unknown): string {
  // Duck-typed: errors from Node's internals may come from another realm (instanceof Error fails).
  const candidate = (error as { message?: unknown } | null)?.message;
  const message = typeof candidate === 'string' ? candidate : String(error);
  return message.split('\n')[0].trim() || (error as Error)?.name || 'unknown error';
}

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => {
    const summary = `  ${command.name.padEnd(width)}  ${command.description}`;
    return command.usage ? `${summary}\n  ${' '.repeat(width)}  ${usageLine(command)}` : summary;
  });
  return ['Usage: gatehouse <command> [options]   (npm run cli -- <command>, or node dist/cli.js <command>)', '', 'Commands:', ...lines].join('\n');
}
