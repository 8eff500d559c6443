import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, paginateWith } from '../../src/library/paginate.js';

describe('paginateWith', () => {
  it('gives the page paginate gives, reading only that page (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.integer({ min: -3, max: 20 }), fc.integer({ min: 1, max: 12 }), (items, page, size) => {
        const reads: [number, number][] = [];
        const lazy = paginateWith(items.length, page, size, (offset, limit) => {
          reads.push([offset, limit]);
          return items.slice(offset, offset + limit);
        });
        expect(lazy).toEqual(paginate(items, page, size));
        expect(reads).toEqual([[lazy.firstPosition - 1, size]]);
      }),
    );
  });

  it('clamps a page past the end to the last one (a list that shrank since the button was drawn)', () => {
    const read = (offset: number, limit: number) => [offset, limit];
    expect(paginateWith(25, 9, 10, read)).toEqual({ items: [20, 10], page: 3, pageCount: 3, total: 25, firstPosition: 21 });
    expect(paginateWith(0, 2, 10, read)).toMatchObject({ page: 1, pageCount: 1, firstPosition: 1 });
  });
});
