import { describe, expect, it } from 'vitest';
import { measureStatsChart } from '../../scripts/bench/measure-stats-chart.js';
import { SEEDS_DIR } from '../support/seed-library.js';

describe('measureStatsChart (for the bench)', () => {
  it('times the /stats chart in a worker on a digest folder', { timeout: 30_000 }, async () => {
    const timing = await measureStatsChart(SEEDS_DIR, { runs: 2 });
    expect(timing).toMatchObject({ papers: 58, runs: 2, width: 800 });
    // One first chart and two more were timed in the worker.
    expect(timing.firstMs).toBeGreaterThan(0);
    expect(timing.medianMs).toBeGreaterThan(0);
    expect(timing.maxMs).toBeGreaterThanOrEqual(timing.medianMs);
  });
});
