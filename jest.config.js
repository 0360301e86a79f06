/** One jest run for the whole workspace: unit specs beside the code, integration and e2e specs in test/. */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // ESM-only dependencies (content-disposition 2, via @fastify/static) compiled to CommonJS for jest.
    // ...and Prisma's schema engine glue (@prisma/schema-engine-wasm), for the schema/migrations test.
    '/node_modules/(content-disposition|@prisma/schema-engine-wasm)/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/|@prisma/schema-engine-wasm/)'],
  moduleNameMapper: {
    '^@tollgate/contracts$': '<rootDir>/libs/contracts/src/index.ts',
    '^@tollgate/db$': '<rootDir>/libs/db/src/index.ts',
    '^@tollgate/keys$': '<rootDir>/libs/keys/src/index.ts',
    '^@tollgate/credit$': '<rootDir>/libs/credit/src/index.ts',
    '^@tollgate/server$': '<rootDir>/libs/server/src/index.ts',
    '^@tollgate/config$': '<rootDir>/libs/config/src/index.ts',
    '^@tollgate/messaging$': '<rootDir>/libs/messaging/src/index.ts',
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
  maxWorkers: 2,
};
