import { ButtonStyle, ComponentType } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, paginateAsync } from '../../src/library/paginate.js';
import { LIMITS } from '../../src/present/discord-limits.js';
import { descriptionBudget, pageButtons } from '../../src/present/paging.js';

const items = (count: number) => Array.from({ length: count }, (_, i) => i + 1);
const pageId = (target: number) => `topic:page:${target}`;

function buttons(previous: number, next: number, { first, last }: { first: boolean; last: boolean }) {
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Previous', custom_id: pageId(previous), disabled: first },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: pageId(next), disabled: last },
      ],
    },
  ];
}

describe('paginateAsync', () => {
  it('reads only the window of the clamped page, and gives the page paginate gives', async () => {
    const list = items(25);
    const reads: [number, number][] = [];
    const read = async (offset: number, limit: number) => {
      reads.push([offset, limit]);
      return list.slice(offset, offset + limit);
    };
    await expect(paginateAsync(25, 9, 10, read)).resolves.toEqual({ items: [21, 22, 23, 24, 25], page: 3, pageCount: 3, total: 25, firstPosition: 21 });
    await expect(paginateAsync(25, 2, 10, read)).resolves.toEqual(paginate(list, 2, 10));
    expect(reads).toEqual([
      [20, 10],
      [10, 10],
    ]);
  });

  it('agrees with paginate for any list, page and page size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 60 }), fc.integer({ min: -3, max: 12 }), fc.integer({ min: 1, max: 25 }), async (count, page, size) => {
        const list = items(count);
        const read = async (offset: number, limit: number) => list.slice(offset, offset + limit);
        expect(await paginateAsync(count, page, size, read)).toEqual(paginate(list, page, size));
      }),
    );
  });
});

describe('pageButtons', () => {
  it('shows no buttons when everything fits one page', () => {
    expect(pageButtons(paginate([], 1, 10), pageId)).toEqual([]);
    expect(pageButtons(paginate(items(10), 1, 10), pageId)).toEqual([]);
  });

  it('disables Previous on the first page and Next on the last, and neither in between', () => {
    expect(pageButtons(paginate(items(25), 1, 10), pageId)).toEqual(buttons(0, 2, { first: true, last: false }));
    expect(pageButtons(paginate(items(25), 2, 10), pageId)).toEqual(buttons(1, 3, { first: false, last: false }));
    expect(pageButtons(paginate(items(25), 3, 10), pageId)).toEqual(buttons(2, 4, { first: false, last: true }));
    // Two pages: each button is live on exactly one of them.
    expect(pageButtons(paginate(items(11), 1, 10), pageId)).toEqual(buttons(0, 2, { first: true, last: false }));
    expect(pageButtons(paginate(items(11), 9, 10), pageId)).toEqual(buttons(1, 3, { first: false, last: true }));
  });

  it('accepts custom ids of up to 100 characters and refuses longer ones, for either button', () => {
    const page = paginate(items(25), 2, 10);
    const ofLength = (length: number) => (target: number) => `${target}:`.padEnd(length, 'x');
    expect(pageButtons(page, ofLength(LIMITS.customId))[0]?.components.map((button) => ('custom_id' in button ? button.custom_id.length : 0))).toEqual([
      100, 100,
    ]);
    const tooLong = `1:${'x'.repeat(99)}`;
    expect(() => pageButtons(page, ofLength(101))).toThrow(`custom id over 100 characters: ${tooLong}`);
    // Only Previous (to page 1) over the limit, then only Next (to page 3).
    expect(() => pageButtons(page, (target) => (target === 1 ? tooLong : 'ok'))).toThrow(`custom id over 100 characters: ${tooLong}`);
    expect(() => pageButtons(page, (target) => (target === 3 ? `3${'x'.repeat(100)}` : 'ok'))).toThrow('custom id over 100 characters');
  });
});

describe('descriptionBudget', () => {
  it('gives one embed the whole 4096 description, and splits 6000 less 350 each over more', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(descriptionBudget)).toEqual([4096, 4096, 2650, 1650, 1150, 850, 250]);
  });

  it('never gives less than 100 characters, however many embeds', () => {
    expect([17, 25, 100].map(descriptionBudget)).toEqual([100, 100, 100]);
  });

  it('leaves each of up to 10 embeds 350 characters besides its description within the 6000 total (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: LIMITS.embedsPerMessage }), (embeds) => {
        const budget = descriptionBudget(embeds);
        expect(budget).toBeLessThanOrEqual(LIMITS.embedDescription);
        expect(embeds * (budget + 350)).toBeLessThanOrEqual(LIMITS.embedTotal);
        // The split wastes less than one character per embed (or is capped at 4096).
        expect(budget === LIMITS.embedDescription || embeds * (budget + 351) > LIMITS.embedTotal).toBe(true);
      }),
    );
  });
});
