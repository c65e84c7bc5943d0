// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Node's globals for plain JS files (config files, bench scripts); TypeScript files get them from @types/node.
const nodeGlobals = Object.fromEntries(
  [
    'require', 'module', 'exports', '__dirname', '__filename', 'process', 'Buffer', 'console', 'URL',
    'URLSearchParams', 'fetch', 'AbortController', 'AbortSignal', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'structuredClone', 'performance',
    'TextEncoder', 'TextDecoder', 'globalThis',
  ].map((name) => [name, 'readonly']),
);

// The HTTP edge: the only files of src/ that may touch Fastify's request and reply (controllers, guards, param
// decorators, Passport strategies, the error filter, the hooks and the readers of headers and cookies). Everything
// else (services above all) takes plain inputs (RequestFacts, the AuthContext, a SessionHandle) and returns what
// the answer must carry (a SessionHandoff), which a controller applies (auth/session-answer.ts).
const HTTP_EDGE_FILES = [
  'src/**/*.controller.ts', 'src/**/*.guard.ts', 'src/**/*.decorator.ts', 'src/**/*.strategy.ts', 'src/**/*.filter.ts',
  'src/**/*.interceptor.ts', 'src/**/*.spec.ts',
  'src/gatehouse-http.setup.ts', 'src/common/http-setup.ts', 'src/common/fastify-options.ts', 'src/common/framework-errors.ts',
  'src/common/security-headers.ts', 'src/common/request-logger.ts', 'src/common/request-facts.ts', 'src/common/client-ip.ts', 'src/common/cookies.ts',
  'src/auth/auth.module.ts', 'src/auth/authenticator.ts', 'src/auth/cors.ts', 'src/auth/csrf.ts', 'src/auth/csrf-step.ts',
  'src/auth/passport-runner.ts', 'src/auth/session-answer.ts', 'src/auth/session-cookies.ts',
  'src/rbac/admin-actor.ts', 'src/rbac/admin-denied.ts', 'src/social/social-flow.cookie.ts',
  // gatehouse/testing/social: test providers are HTTP servers of their own, not Gatehouse's request path.
  'src/testing/oidc-test-provider.ts', 'src/testing/github-test-server.ts', 'src/testing/http-server.ts',
];
const OUTSIDE_THE_EDGE = 'Only HTTP-edge files (HTTP_EDGE_FILES in eslint.config.mjs) touch the request or reply: pass RequestFacts, the AuthContext or a SessionHandle, and return a SessionHandoff.';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'examples/host-app/', 'examples/spa/', 'examples/.build/', 'examples/*/.data/', 'bench/results/', '.data/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed parameters and variables are deliberately unused (callback signatures, rest omission).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Type-aware rules, for the TypeScript the compiler sees (tsconfig.json: src, test, migrations, scripts;
    // examples/tsconfig.json: the example apps, which see the built package's types).
    files: ['src/**/*.ts', 'test/**/*.ts', 'migrations/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits or catches turns a failure into an unhandled rejection.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Configuration is read in one place; everything else receives it (tests, bench and scripts are exempt).
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in src/config (readEnv, loadConfig).' },
      ],
    },
  },
  {
    // An example is a host app: it sees Gatehouse only through the package's public entry points.
    files: ['examples/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./){2,}(src|test|dist)(/|$)', message: 'Import Gatehouse from "gatehouse" or "gatehouse/testing", as a host app does.' }] },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: HTTP_EDGE_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'fastify', message: OUTSIDE_THE_EDGE },
            { name: 'node:http', importNames: ['IncomingMessage', 'ServerResponse'], message: OUTSIDE_THE_EDGE },
            { name: 'http', importNames: ['IncomingMessage', 'ServerResponse'], message: OUTSIDE_THE_EDGE },
          ],
        },
      ],
      'no-restricted-syntax': ['error', { selector: "TSImportType[argument.literal.value='fastify']", message: OUTSIDE_THE_EDGE }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
