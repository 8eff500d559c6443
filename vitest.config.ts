import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Vitest runs one file at a time on two cores (cores - 1); most files wait on sockets, a
    // worker thread or a child process, so two at a time keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/setup/require-real-data.ts'],
    setupFiles: ['test/setup/fast-check-seed.ts'],
  },
});
