import { defineConfig } from 'vitest/config';

// One test file at a time on two cores (vitest's default: cores - 1). Two at a time took the
// suite from about 320 s to 260 s, but the abuse suite (test/e2e/abuse.e2e.test.ts) measures
// latency under a flood and cannot share the machine with another file.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    globalSetup: ['test/setup/require-real-data.ts'],
    setupFiles: ['test/setup/fast-check-seed.ts'],
  },
});
