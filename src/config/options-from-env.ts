import { ConfigError, Env, loadConfig } from './config';
import type { AppConfig } from './config.types';

/** The environment table as library options: DATABASE_URL is required (a library has no embedded database). */
export type GatehouseEnvOptions = Omit<AppConfig, 'databaseUrl'> & { databaseUrl: string };

/** The README's environment table, typed and validated; a ConfigError names each bad variable. */
export function gatehouseOptionsFromEnv(env: Env = process.env): GatehouseEnvOptions {
  const config = loadConfig(env);
  if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL is required when Gatehouse is mounted as a library']);
  return { ...config, databaseUrl: config.databaseUrl };
}
