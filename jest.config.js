const { readFileSync } = require('node:fs');

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
// SWC rewrites the path aliases itself, so they also work in globalSetup (which Jest loads without its resolver).
const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.json`, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
swc.jsc.baseUrl = __dirname;
swc.jsc.paths = Object.fromEntries(Object.entries(compilerOptions.paths).filter(([alias]) => alias.startsWith('@stagebank/')));

/** One run prepares one database (test/support/global-setup.ts); test files run one at a time against it. */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,seeds}/**/__tests__/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 120000,
  // A child process or connection a failed test leaves behind must not hold the run (and CI) open
  // after the results are in; open handles are still worth chasing (npx jest --detectOpenHandles).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/support/count-reporter.js'],
};
