import 'reflect-metadata';
import { runGatehouseCli } from 'gatehouse';
import { xetasuite } from './app';

runGatehouseCli(xetasuite).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Failed: ${(error as Error)?.message ?? error}\n`);
    process.exit(1);
  },
);
