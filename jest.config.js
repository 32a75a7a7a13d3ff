/** Jest runs unit specs beside the code and end-to-end specs in test/, all against real services. */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  // Diagnostics on, but per file in isolatedModules mode (tsconfig.json): a full type check per test file
  // made one e2e file about 2-3x slower; types of src/libs/test/bench are checked once by `npm run typecheck`.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: true }] },
  moduleNameMapper: {
    '^@app/(common|privacy|audit)(|/.*)$': '<rootDir>/libs/$1/src$2',
  },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
