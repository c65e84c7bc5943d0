import 'reflect-metadata';
import { runCli } from './run-cli';

// `npm run cli -- <command>` or `node dist/cli.js <command>`; see src/cli-commands.ts.
runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Failed: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  },
);
