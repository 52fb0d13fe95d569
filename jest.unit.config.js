const base = require('./jest.config');

/**
 * `npm run test:unit`: the tests that need no database, no Meilisearch and no server (libraries,
 * policy, pagination, error mapping, CSV reading, scoring, the layout's rules). Seconds, not minutes.
 */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/{apps,libs,seeds}/**/__tests__/**/*.spec.ts', '<rootDir>/test/architecture.spec.ts'],
  // A library test that needs a real database (`*.db.spec.ts`, e.g. durable commits on PGlite) runs in `npm test` only.
  testPathIgnorePatterns: ['/node_modules/', '\\.db\\.spec\\.ts$'],
  globalSetup: undefined,
  globalTeardown: undefined,
};
