const net = require('node:net');

// @nestjs/* 12 (and otplib's hashing deps) are ESM-only; @swc/jest turns them and our TypeScript
// into CommonJS for jest on Node 20.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
  // openid-client and its deps (prod) and oidc-provider with its deps (the tests' provider) are ESM-only too.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@scure|@noble|openid-client|oauth4webapi|jose|oidc-provider|got|@sindresorhus|@szmarczak|cacheable-lookup|cacheable-request|mimic-response|normalize-url|responselike|lowercase-keys|form-data-encoder|p-cancelable|nanoid|quick-lru)/)',
  ],
  // examples/host-app has its own node_modules (the packed `gatehouse`) and its own jest.
  modulePathIgnorePatterns: ['<rootDir>/examples/host-app/', '<rootDir>/examples/.build/'],
};

function reachable(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || 5432), hostname, () => (socket.destroy(), resolve(true)));
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

module.exports = async () => {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  // The embedded fallback has one database and one backend: run test files one at a time.
  const embedded = !(await reachable(url));
  return {
    ...(embedded ? { maxWorkers: 1 } : {}),
    // A global option: jest ignores testTimeout inside a project.
    testTimeout: 30000,
    // Every e2e file boots a whole app in the worker, and a worker keeps some of each (module registries held by
    // libraries' timers and listeners): recycle a worker whose heap passed this after a file, instead of letting
    // it grow into V8's heap limit over a full run.
    workerIdleMemoryLimit: '1GB',
    projects: [
      { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'] },
      {
        ...common,
        displayName: 'e2e',
        testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
        globalSetup: '<rootDir>/test/support/global-setup.ts',
        globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      },
      {
        ...common,
        // The example apps import the built package, as a host app does: `gatehouse` is dist/, not src/.
        displayName: 'examples',
        testMatch: ['<rootDir>/examples/*/test/**/*.e2e-spec.ts'],
        moduleNameMapper: { '^gatehouse$': '<rootDir>/dist/index.js', '^gatehouse/testing$': '<rootDir>/dist/testing/index.js', '^gatehouse/testing/social$': '<rootDir>/dist/testing/social.js' },
        transformIgnorePatterns: [...common.transformIgnorePatterns, '<rootDir>/dist/'],
        globalSetup: '<rootDir>/examples/support/global-setup.ts',
      },
    ],
  };
};
