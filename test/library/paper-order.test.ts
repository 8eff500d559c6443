import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaperOrder } from '../../src/library/paper-order.js';

describe('PaperOrder: an order kept as keys arrive', () => {
  it('reads like a full sort after any sequence of additions and changes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 1000 }), fc.boolean()), { maxLength: 200 }), (steps) => {
        const rank = new Map<string, number>();
        const order = new PaperOrder((a, b) => (rank.get(a) as number) - (rank.get(b) as number) || a.localeCompare(b));
        for (const [id, value, readNow] of steps) {
          const key = `k${id}`;
          const isNew = !rank.has(key);
          rank.set(key, value); // a changed record (a merge brought a date) changes its rank
          order.add(key, isNew);
          if (readNow) order.keys();
        }
        const expected = [...rank.keys()].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number) || a.localeCompare(b));
        expect(order.keys()).toEqual(expected);
        expect(order.size).toBe(rank.size);
      }),
    );
  });

  it('does not sort everything again for each read: new keys are merged in', () => {
    let comparisons = 0;
    const order = new PaperOrder((a, b) => {
      comparisons++;
      return a.localeCompare(b);
    });
    for (let i = 0; i < 10_000; i++) order.add(`k${String(i).padStart(5, '0')}`, true);
    order.keys();
    comparisons = 0;
    order.add('k99999', true);
    order.keys();
    // One new key costs a linear merge, not an n log n sort (~130,000 comparisons).
    expect(comparisons).toBeLessThanOrEqual(10_001);
    comparisons = 0;
    order.keys();
    expect(comparisons).toBe(0);
  });
});
