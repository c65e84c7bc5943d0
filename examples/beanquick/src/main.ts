import 'reflect-metadata';
import { serveGatehouseApp } from 'gatehouse';
import { beanquick } from './app';

serveGatehouseApp(beanquick).catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${(error as Error)?.message ?? error}\n`);
  process.exit(1);
});
