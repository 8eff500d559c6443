// The vitest configuration of `npm run test:mutation` (stryker.config.mjs): the suite's, with
// MUTATE_AREA='<area>' running only the tests listed for that area in scripts/mutation-areas.json
// (a mutant those tests let pass counts as a survivor, so the score never flatters).
import { defineConfig } from 'vitest/config';
import AREAS from './scripts/mutation-areas.json' with { type: 'json' };
import suite from './vitest.config.js';

const area = process.env.MUTATE_AREA as keyof typeof AREAS | undefined;

export default defineConfig({ ...suite, test: { ...suite.test, ...(area ? { include: AREAS[area].tests } : {}) } });
