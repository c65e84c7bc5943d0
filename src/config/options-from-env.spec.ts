import { ConfigError } from './config';
import { gatehouseOptionsFromEnv } from './options-from-env';

const KEY = 'base64:dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=';

describe('gatehouseOptionsFromEnv', () => {
  it('reads the environment table, with the database URL', () => {
    const options = gatehouseOptionsFromEnv({ APP_KEY: KEY, DATABASE_URL: 'postgres://db.example/app', API_PREFIX: 'v1' });
    expect(options.databaseUrl).toBe('postgres://db.example/app');
    expect(options.apiPrefix).toBe('v1');
  });

  it('requires DATABASE_URL (no embedded database in a host app) and names it', () => {
    expect(() => gatehouseOptionsFromEnv({ APP_KEY: KEY })).toThrow(ConfigError);
    expect(() => gatehouseOptionsFromEnv({ APP_KEY: KEY })).toThrow(/DATABASE_URL is required/);
  });

  it('names an invalid variable', () => {
    expect(() => gatehouseOptionsFromEnv({ APP_KEY: KEY, DATABASE_URL: 'postgres://db/app', PORT: 'abc' })).toThrow(/PORT/);
  });
});
