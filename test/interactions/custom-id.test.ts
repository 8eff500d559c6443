import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryQueryMemo } from '../../src/interactions/query-memo.js';
import { readSearchPageId, searchPageId } from '../../src/interactions/search-page-id.js';
import { decodeCustomId, encodeCustomId, MAX_CUSTOM_ID_LENGTH } from '../../src/present/custom-id.js';

const name = fc.stringMatching(/^[\w-]{1,32}$/);

describe('custom ids: one codec', () => {
  it('writes ids of at most 100 characters that read back to the same fields, or refuses (property)', () => {
    fc.assert(
      fc.property(name, name, fc.array(fc.string({ maxLength: 60 }), { maxLength: 6 }), (command, button, fields) => {
        const id = encodeCustomId({ command, button, fields });
        if (id === null) {
          // Refused only when the id, with each ':' and '%' of a field taking 3 characters, is too long.
          const escapedLength = [command, button, ...fields].join(':').length + 2 * (fields.join('').match(/[:%]/g)?.length ?? 0);
          expect(escapedLength).toBeGreaterThan(MAX_CUSTOM_ID_LENGTH);
          return;
        }
        expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
        expect(decodeCustomId(id)).toEqual({ command, button, fields });
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes the separator and the escape character inside fields', () => {
    expect(encodeCustomId({ command: 'search', button: 'try', fields: ['a:b%3Ac'] })).toBe('search:try:a%3Ab%253Ac');
    expect(decodeCustomId('search:try:a%3Ab%253Ac')?.fields).toEqual(['a:b%3Ac']);
  });

  it('refuses what it never wrote: bad names, stray escapes, over-long ids', () => {
    for (const id of ['', 'search', 'Find papers:x', 'search:try:%zz', 'search:try:%3', `search:try:${'x'.repeat(100)}`]) expect(decodeCustomId(id)).toBeNull();
  });

  it('carries a "did you mean" suggestion of up to 80 characters (the old parser refused ids the bot wrote at 89)', () => {
    const suggestion = 'x'.repeat(80);
    const id = encodeCustomId({ command: 'search', button: 'try', fields: [suggestion] });
    expect(id?.length).toBe(91);
    expect(decodeCustomId(id as string)?.fields).toEqual([suggestion]);
  });
});

describe('the registry finds only the buttons commands declare', () => {
  it('refuses ids naming inherited properties, such as search:constructor', async () => {
    const { commands } = await import('../../commands/index.js');
    const { CommandRegistry } = await import('../../src/interactions/command-registry.js');
    const registry = new CommandRegistry(commands);
    for (const id of ['search:constructor', 'search:toString', 'paper:__proto__:x', 'search:hasOwnProperty']) expect(registry.button(id)).toBeUndefined();
    expect(registry.button('search:try:kv cache')?.fields).toEqual(['kv cache']);
  });
});

describe('search page ids', () => {
  it('put a short query in the id and a long one behind a token, and read both back (property)', async () => {
    const memo = memoryQueryMemo();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 200 }).map((q) => q.replace(/[`\s]+/g, ' ').trim() || 'q'),
        fc.integer({ min: 1, max: 9999 }),
        async (query, page) => {
          const state = { query, page, pageSize: 5, sort: 'newest' as const, since: '2025-01-01' };
          const id = searchPageId(state, 'abcd1234', memo);
          expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID_LENGTH);
          const read = await readSearchPageId(decodeCustomId(id)?.fields ?? [], memo);
          expect(read).toEqual({ state, version: 'abcd1234' });
        },
      ),
      { numRuns: 500 },
    );
  });
});
