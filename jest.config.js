/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (types are checked by tsc in `npm run build`): fast, and no native binaries,
  // whose other-platform builds the registry here lacks (they would break `npm ci`).
  transform: { '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  // Generous: the embedded database (PGlite + unaccent) starts in 20–60 s when the shared machine is busy.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
