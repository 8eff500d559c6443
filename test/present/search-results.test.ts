import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/library/paginate.js';
import { searchResultsMessage } from '../../src/present/search-results.js';
import type { SearchPage } from '../../src/worker/library-api.js';
import { makePaper } from '../support/make-paper.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const ids = { page: (page: number) => `search:page:${page}`, suggestion: () => null };
const hits = (count: number) => Array.from({ length: count }, (_, i) => ({ paper: makePaper(`2601.${String(i).padStart(5, '0')}`, '2026-01-02'), terms: [] }));

function result(matches: number, listed: number): SearchPage {
  return { page: paginate(hits(listed), 2, 5), total: matches, partial: false, suggestions: [], version: 'abcd1234' };
}

describe('searchResultsMessage', () => {
  it('tells the true number of matches when the pages hold only the first 1,000', () => {
    const state = { query: 'attention', page: 2, pageSize: 5, sort: 'newest' as const, since: null };
    const message = searchResultsMessage(state, result(12_345, 1000), ids, NOW);
    expectWithinDiscordLimits(message);
    // It said "1000 papers" when 12,345 matched.
    expect(message.content).toBe('🔎 `attention` · 12,345 papers (the first 1,000 listed) · page 2 of 200 · newest first');
    expect(message.embeds.map((embed) => embed.footer?.text)).toEqual([6, 7, 8, 9, 10].map((n) => `new · ${n} of 12345`));
  });

  it('says nothing more when every match is listed', () => {
    const state = { query: 'attention', page: 2, pageSize: 5, sort: 'relevance' as const, since: null };
    expect(searchResultsMessage(state, result(12, 12), ids, NOW).content).toBe('🔎 `attention` · 12 papers · page 2 of 3');
  });
});
