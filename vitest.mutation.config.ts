// The vitest configuration of `npm run test:mutation` (stryker.config.mjs): the suite's, with
// MUTATE_AREA='<area>' running only the tests listed for that area in scripts/mutation-areas.json
// (a mutant those tests let pass counts as a survivor, so the score never flatters).
import { configDefaults, defineConfig } from 'vitest/config';
import AREAS from './scripts/mutation-areas.json' with { type: 'json' };
import suite from './vitest.config.js';

const area = process.env.MUTATE_AREA as keyof typeof AREAS | undefined;
// The suite's settings without its projects: a project would add its own files to the area's.
const { projects: _projects, ...settings } = suite.test ?? {};

export default defineConfig({
  ...suite,
  test: {
    ...settings,
    include: area ? AREAS[area].tests : ['test/**/*.test.ts'],
    // It sets process.env.TZ to move the local calendar, which Stryker's test workers do not
    // honour (its premise fails there); it tests dates, not a mutated area.
    exclude: [...configDefaults.exclude, 'test/library/time-zones.test.ts'],
  },
});
