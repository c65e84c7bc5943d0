import 'reflect-metadata';
import { serveGatehouseApp } from 'gatehouse';
import { gbapp } from './app';

serveGatehouseApp(gbapp).catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
