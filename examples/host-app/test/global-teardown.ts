import { admin } from './database';

export default async function globalTeardown(): Promise<void> {
  const { HOST_APP_SERVER_URL: server, HOST_APP_DATABASE: name } = process.env;
  if (server && name) await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
