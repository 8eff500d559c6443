import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Measures latency under a flood: it runs after the rest, alone, so no other file's work is in its figures. */
const ALONE = ['test/e2e/abuse.e2e.test.ts'];

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
    projects: [
      { extends: true, test: { name: 'suite', exclude: [...configDefaults.exclude, ...ALONE], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'alone', include: ALONE, sequence: { groupOrder: 1 } } },
    ],
  },
});
