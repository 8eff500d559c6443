import { defineConfig } from 'vitest/config';

/** Test files that measure latency under load: they run after the others, one at a time. */
const ALONE = ['test/e2e/abuse.e2e.test.ts'];
/** Test files that replace a module (`vi.mock`): each needs a fresh module registry of its own. */
const ISOLATED = ['test/digest/feed-folder.test.ts'];
/**
 * Test files that run several bot processes against PostgreSQL, or stop a PostgreSQL under a
 * bot: they run one at a time after the suite, with the ISOLATED files, so that two bots
 * indexing at once never share the machine with the suite's timing-sensitive tests.
 */
const MACHINES = [
  'test/e2e/shared-database.e2e.test.ts',
  'test/e2e/shared-feed.e2e.test.ts',
  'test/e2e/database-outage.e2e.test.ts',
  'test/e2e/three-machines.e2e.test.ts',
];

// Every test file sets up what it needs (the suite passes shuffled), so most files share their
// worker's module registry (`isolate: false`): importing discord.js, MiniSearch and the bot's
// modules once per worker instead of once per file saved about 40 s of the run. Files in
// ISOLATED get their own registry. Three groups run one after the other (`sequence.groupOrder`):
// first every other file, three at a time on two cores (many files wait on timers, sockets and
// child processes; vitest's default is cores - 1: one); then the files in ISOLATED and MACHINES,
// one at a time; then the
// files in ALONE, each with the machine to itself: the abuse suite measures another member's
// latency under a flood, and a second test file beside it measures the machine instead. On this
// 2-core machine the run took 307 s with two isolated files at a time, 217 s as configured.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    globalSetup: ['test/setup/require-real-data.ts', 'test/setup/postgres.ts'],
    setupFiles: ['test/setup/fast-check-seed.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: [...ALONE, ...ISOLATED, ...MACHINES],
          maxWorkers: 3,
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: [...ISOLATED, ...MACHINES], maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
