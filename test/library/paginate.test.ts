import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, paginateWith, type Page } from '../../src/library/paginate.js';

/**
 * An independent model of paging: cut the list into consecutive chunks of `size` (one empty
 * page for an empty list), then clamp the asked page into 1…chunks. No arithmetic is shared
 * with paginate.ts (it computes the start and the page count; this walks the list).
 */
function modelPage<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pages: T[][] = [];
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      pages.push(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0 || pages.length === 0) pages.push(chunk);
  let current = page;
  if (current < 1) current = 1;
  if (current > pages.length) current = pages.length;
  let before = 0;
  for (const earlier of pages.slice(0, current - 1)) before += earlier.length;
  return { items: pages[current - 1] ?? [], page: current, pageCount: pages.length, total: items.length, firstPosition: before + 1 };
}

describe('paginate', () => {
  it('gives the page an independent chunking model gives (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.integer({ min: -3, max: 20 }), fc.integer({ min: 1, max: 12 }), (items, page, size) => {
        expect(paginate(items, page, size)).toEqual(modelPage(items, page, size));
      }),
    );
  });

  it('pages 23 items by 10: 1–10, 11–20, then the last 3', () => {
    const items = Array.from({ length: 23 }, (_, index) => index + 1);
    expect(paginate(items, 1, 10)).toEqual({ items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], page: 1, pageCount: 3, total: 23, firstPosition: 1 });
    expect(paginate(items, 2, 10)).toEqual({ items: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20], page: 2, pageCount: 3, total: 23, firstPosition: 11 });
    expect(paginate(items, 3, 10)).toEqual({ items: [21, 22, 23], page: 3, pageCount: 3, total: 23, firstPosition: 21 });
    // Exactly full pages: 20 items are 2 pages, not 3 with an empty last one.
    expect(paginate(items.slice(0, 20), 5, 10)).toEqual({
      items: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
      page: 2,
      pageCount: 2,
      total: 20,
      firstPosition: 11,
    });
    // Below the first page, and a page size under 1 or fractional (a forged button).
    expect(paginate(items, 0, 10)).toMatchObject({ items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], page: 1 });
    expect(paginate(items, 2.7, 10.9)).toMatchObject({ items: [11, 12, 13, 14, 15, 16, 17, 18, 19, 20], page: 2, pageCount: 3 });
    expect(paginate(items, Number.NaN, 0)).toMatchObject({ items: [1], page: 1, pageCount: 23 });
  });
});

describe('paginateWith', () => {
  it('gives the page the model gives, reading only that page (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), fc.integer({ min: -3, max: 20 }), fc.integer({ min: 1, max: 12 }), (items, page, size) => {
        const reads: [number, number][] = [];
        const lazy = paginateWith(items.length, page, size, (offset, limit) => {
          reads.push([offset, limit]);
          return items.slice(offset, offset + limit);
        });
        const expected = modelPage(items, page, size);
        expect(lazy).toEqual(expected);
        expect(reads).toEqual([[expected.firstPosition - 1, size]]);
      }),
    );
  });

  it('clamps a page past the end to the last one (a list that shrank since the button was drawn)', () => {
    const read = (offset: number, limit: number) => [offset, limit];
    expect(paginateWith(25, 9, 10, read)).toEqual({ items: [20, 10], page: 3, pageCount: 3, total: 25, firstPosition: 21 });
    expect(paginateWith(0, 2, 10, read)).toMatchObject({ page: 1, pageCount: 1, firstPosition: 1 });
  });
});
