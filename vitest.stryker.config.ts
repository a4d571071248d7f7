// The unit tier alone, for Stryker (`npm run mutate`): mutants are judged by fast, pure tests only; the
// integration and e2e tiers start backends and browsers and would make a run take hours.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
  },
})
