import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { load as parseYaml } from 'js-yaml';
import { loadConfig } from './config';

const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Every variable loadConfig reads, taken from its source so a new one cannot go undocumented. */
function variablesReadByConfig(): string[] {
  const source = read('src/config/config.ts');
  const names = new Set<string>();
  for (const match of source.matchAll(/r\.(?:str|int|bool|oneOf|url|optional|raw)(?:<[^>]+>)?\('([A-Z][A-Z0-9_]*)'/g)) names.add(match[1]);
  for (const match of source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)) names.add(match[1]);
  return [...names].sort();
}

describe('configuration documentation', () => {
  const variables = variablesReadByConfig();

  it('finds the variables (sanity check of the extraction)', () => {
    expect(variables).toEqual(expect.arrayContaining(['APP_KEY', 'DATABASE_URL', 'DATA_DIR', 'SANCTUM_TOKEN_PREFIX', 'BODY_LIMIT']));
    expect(variables.length).toBeGreaterThanOrEqual(33);
  });

  it('.env.example lists every variable, each after a comment', () => {
    const lines = read('.env.example').split('\n');
    for (const name of variables) {
      const index = lines.findIndex((line) => new RegExp(`^(# )?${name}=`).test(line));
      expect({ name, listed: index >= 0 }).toEqual({ name, listed: true });
      expect({ name, commented: lines[index - 1]?.startsWith('# ') && !/^# [A-Z_]+=/.test(lines[index - 1]) }).toEqual({
        name,
        commented: true,
      });
    }
  });

  it('README.md has a configuration table row for every variable', () => {
    const readme = read('README.md');
    for (const name of variables) expect({ name, documented: readme.includes(`| \`${name}\` |`) }).toEqual({ name, documented: true });
  });

  it('the values .env.example sets are the defaults', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-env-'));
    try {
      const example = parseEnv(read('.env.example'));
      const key = 'base64:' + Buffer.alloc(32, 1).toString('base64');
      const fromExample = loadConfig({ ...example, APP_KEY: key, DATA_DIR: dataDir });
      const fromNothing = loadConfig({ APP_KEY: key, DATA_DIR: dataDir });
      expect(fromExample).toEqual(fromNothing);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

type ComposeService = { env_file?: Array<{ path: string; required?: boolean }>; environment?: Record<string, string | number> };

/** What the app container is, not configuration: fixed in docker-compose.yml whatever .env says. */
const FIXED_IN_COMPOSE = ['DATABASE_URL', 'DATA_DIR', 'HOST', 'NODE_ENV', 'PORT'];

describe('docker-compose.yml', () => {
  const app = (parseYaml(read('docker-compose.yml')) as { services: { app: ComposeService } }).services.app;
  const environment = app.environment ?? {};

  it('hands the app every variable of .env, the file being optional', () => {
    expect(app.env_file).toEqual([{ path: '.env', required: false }]);
  });

  it('fixes only what describes the container; every other variable it names is .env\'s value or a default', () => {
    const overridden = variablesReadByConfig().filter((name) => {
      const value = environment[name];
      return value !== undefined && !new RegExp(`^\\$\\{${name}(:?-.*)?\\}$`).test(String(value));
    });
    expect(overridden.sort()).toEqual(FIXED_IN_COMPOSE);
  });

  it('defaults APP_URL to the published port, as the server does', () => {
    expect(environment.APP_URL).toBe('${APP_URL:-http://localhost:${PORT:-3000}}');
    expect(environment.PORT).toBe(3000);
  });
});
