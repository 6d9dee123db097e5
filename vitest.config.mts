import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration suites start real anvil/Postgres processes; give them room on a 2-core CI box.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One private temporary root per run, removed at the end (see test/globalSetup.ts).
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: '.data/vitest-results.json' },
  },
})
