import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../../src/interactions/concurrency-limit.js';

describe('ConcurrencyLimit', () => {
  it('never runs more than max tasks at once, runs them all in arrival order, and survives failures', async () => {
    const limit = new ConcurrencyLimit(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        limit.run(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await sleep(5);
          running--;
          if (i === 4) throw new Error('boom');
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1);
  });
});
