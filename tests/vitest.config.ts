// One vitest run for the whole workspace: unit tests beside their modules, cross-package tests
// (integration, e2e, the benchmark smoke test) under tests/. Every test runs in Node; browser
// tests drive a real Chromium through playwright-core.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'sync-server/src/**/*.test.ts',
      'apps/web/src/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
