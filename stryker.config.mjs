// `npm run mutate`: mutation testing of the engine's pure parts over the unit tier (not part of `npm test`).
// Scores per file are in docs/benchmarks.md. One worker: the machine is small and shared.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  mutate: [
    'src/main/core/session/**/*.ts',
    'src/main/core/live/**/*.ts',
    'src/main/core/relay/**/*.ts',
    'src/shared/domain/**/*.ts',
    '!**/*.testing.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  timeoutMS: 10000,
}
