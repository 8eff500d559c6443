// Mutation testing of the core (`npm run test:mutation`, not part of `npm test`): Stryker
// changes one thing at a time in these files and runs the tests that cover it; a mutant the
// tests still pass is a regression they would miss. Incremental: a re-run tests only the
// mutants whose code or tests changed (reports/mutation/incremental.json). It runs in a
// sandbox copy, where ../shared is out of reach, so the score is what the tests catch
// without the real digest. The core areas, with the files mutated and the tests that judge
// them, are in scripts/mutation-areas.json; `npm run test:mutation:areas` prints the score of
// each. MUTATE_AREA='<area>' mutates one area and runs only its tests (vitest.mutation.config.ts).
import { readFileSync } from 'node:fs';

/** @type {Record<string, { mutate: string[]; tests: string[] }>} */
const AREAS = JSON.parse(readFileSync(new URL('./scripts/mutation-areas.json', import.meta.url), 'utf8'));

const only = process.env.MUTATE_AREA;
if (only !== undefined && !(only in AREAS)) throw new Error(`MUTATE_AREA must be one of: ${Object.keys(AREAS).join(', ')}`);
/** Stryker rewrites its reports and incremental file from each run: one set per area run. */
const reports = only ? `reports/mutation/${only.replaceAll(' ', '-')}` : 'reports/mutation';
// The sandbox has no ../shared: the tests skip the real data there even where CI=true.
delete process.env.CI;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: only ? AREAS[only].mutate : Object.values(AREAS).flatMap((area) => area.mutate),
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reports}/mutation.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  dryRunTimeoutMinutes: 30,
  concurrency: 2,
  timeoutMS: 30_000,
  thresholds: { high: 90, low: 80, break: null },
  // One sandbox per area, so two areas can run at once.
  // Benchmark corpora and caches, reports and local state are not the project: never copied into the sandbox.
  ignorePatterns: ['.bench', 'reports', 'data', 'coverage', 'tmp', 'dist', 'dist.next', 'dist.old'],
  tempDirName: only ? `.stryker-tmp/${only.replaceAll(' ', '-')}` : '.stryker-tmp',
  cleanTempDir: 'always',
};
