import { SORT_ORDERS, type SortOrder } from '../library/library.js';
import { normalizeQuery } from '../library/normalize-query.js';
import { encodeCustomId } from '../present/custom-id.js';
import type { SearchState } from '../present/search-results.js';
import type { QueryMemo } from './query-memo.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The custom id of a button that shows another page: the page, its size, the sort, `since`,
 * the digest version it was drawn from, and the query itself when it fits in Discord's 100
 * characters (`q…`), or else a token the query memo recalls it by (`m…`).
 */
export function searchPageId(state: SearchState, version: string, memo: QueryMemo): string {
  const fields = [String(state.page), String(state.pageSize), state.sort, state.since ?? '-', version];
  const inline = encodeCustomId({ command: 'search', button: 'page', fields: [...fields, `q${state.query}`] });
  if (inline !== null) return inline;
  const id = encodeCustomId({ command: 'search', button: 'page', fields: [...fields, `m${memo.remember(state.query)}`] });
  if (id === null) throw new Error('a search page id with a query token cannot exceed 100 characters');
  return id;
}

/** Reads the fields of a page button back; null when they are not ours or the query is forgotten. */
export async function readSearchPageId(fields: readonly string[], memo: QueryMemo): Promise<{ state: SearchState; version: string } | null> {
  const [page, pageSize, sort, since, version, query] = fields;
  if (fields.length !== 6 || !/^\d{1,4}$/.test(page ?? '') || !/^\d{1,2}$/.test(pageSize ?? '')) return null;
  if (!SORT_ORDERS.includes(sort as SortOrder) || !(since === '-' || DAY.test(since ?? '')) || !/^[0-9a-f]{0,16}$/.test(version ?? '')) return null;
  const text = query?.startsWith('q') ? query.slice(1) : query?.startsWith('m') ? await memo.recall(query.slice(1)) : null;
  if (text === null || text === undefined) return null;
  return {
    state: {
      query: normalizeQuery(text),
      page: Number(page),
      pageSize: Math.min(10, Math.max(1, Number(pageSize))),
      sort: sort as SortOrder,
      since: since === '-' ? null : (since as string),
    },
    version: version as string,
  };
}
