import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/helpers/build-cli.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most tests wait on child processes, redis-servers and simulated latency, not the CPU: on a
    // 2-core machine vitest's default (cores - 1 = one file at a time) left it mostly idle. Measured
    // on 2 cores: 14 of the slowest files took 151 s with 4 workers against 262 s one at a time.
    maxWorkers: 4,
    reporters: ['default', './test/helpers/plain-summary-reporter.ts'],
  },
});
