import { randomBytes } from 'node:crypto';
import { admin, newDatabaseName, serverUrl } from './database';

/**
 * A fresh, empty database (Gatehouse migrates it at start) and the environment AppModule reads through
 * gatehouseOptionsFromEnv() when it is imported; set here, before jest starts the test files.
 */
export default async function globalSetup(): Promise<void> {
  const server = serverUrl();
  const name = newDatabaseName();
  await admin(server, `CREATE DATABASE ${name}`);
  const target = new URL(server);
  target.pathname = `/${name}`;
  Object.assign(process.env, {
    HOST_APP_SERVER_URL: server,
    HOST_APP_DATABASE: name,
    NODE_ENV: 'test',
    DATABASE_URL: target.toString(),
    APP_KEY: `base64:${randomBytes(32).toString('base64')}`,
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'silent',
    PRUNE_INTERVAL_MINUTES: '0',
  });
}
