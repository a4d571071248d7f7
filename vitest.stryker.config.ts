// The unit tier alone, for Stryker (`npm run mutate`): mutants are judged by fast, pure tests only; the
// integration and e2e tiers start backends and browsers and would make a run take hours.
// STRYKER_TESTS (comma-separated globs) narrows it further to the tests of the file being mutated, which
// keeps a one-file run within minutes on a small machine.
import { defineConfig } from 'vitest/config'

const narrowed = process.env.STRYKER_TESTS?.split(',').filter(Boolean)

export default defineConfig({
  test: {
    include: narrowed?.length ? narrowed : ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
})
