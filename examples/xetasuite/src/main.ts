import 'reflect-metadata';
import { serveGatehouseApp } from 'gatehouse';
import { xetasuite } from './app';

serveGatehouseApp(xetasuite).catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
