import { defineCommand, UserError, type CommandContext } from '../src/interactions/command.js';
import { choiceOption, integerOption, textOption } from '../src/interactions/options.js';
import { readSince } from '../src/interactions/read-since.js';
import { readSearchPageId, searchPageId } from '../src/interactions/search-page-id.js';
import { SORT_ORDERS } from '../src/library/library.js';
import { MAX_QUERY_LENGTH, normalizeQuery } from '../src/library/normalize-query.js';
import { encodeCustomId } from '../src/present/custom-id.js';
import type { ReplyPayload } from '../src/present/reply-payload.js';
import { searchResultsMessage, type SearchState } from '../src/present/search-results.js';

const DEFAULT_PAGE_SIZE = 5;

/** A page of results; `drawnFrom` is the digest version an earlier page was drawn from, if any. */
async function searchPage(context: CommandContext, state: SearchState, drawnFrom?: string): Promise<ReplyPayload> {
  const result = await context.library.searchPage({ query: state.query, sort: state.sort, since: state.since, page: state.page, pageSize: state.pageSize });
  const note =
    drawnFrom === undefined || drawnFrom === result.version ? undefined : '_The digest has changed since this search; these are the current results._';
  return searchResultsMessage(
    state,
    result,
    {
      page: (page) => searchPageId({ ...state, page }, result.version, context.queryMemo),
      suggestion: (query) => encodeCustomId({ command: 'search', button: 'try', fields: [query] }),
    },
    context.now(),
    note,
  );
}

export default defineCommand({
  name: 'search',
  description: 'Search the paper digest',
  options: {
    query: textOption('Words to look for (typos and partial words are fine)', { required: true, maxLength: MAX_QUERY_LENGTH }),
    limit: integerOption('Papers per page', { min: 1, max: 10, default: DEFAULT_PAGE_SIZE }),
    sort: choiceOption('Order of the results', SORT_ORDERS, { default: 'relevance' }),
    since: textOption('Only papers published since, e.g. 2025-01-01, Jan 2025 or 6 months', { maxLength: 40 }),
  },
  async execute(context, options) {
    const query = normalizeQuery(options.query);
    if (query === '') throw new UserError('Type some words to search for, e.g. `/search query:kv cache`.');
    const since = readSince(context, options.since);
    return searchPage(context, { query, page: 1, pageSize: options.limit, sort: options.sort, since });
  },
  buttons: {
    // Previous / Next: the state rides in the custom id (see search-page-id.ts).
    page: {
      reply: 'update',
      async run(context, fields) {
        const read = await readSearchPageId(fields, context.queryMemo);
        if (!read) throw new UserError('This button has expired. Run `/search` again.');
        return searchPage(context, read.state, read.version);
      },
    },
    // "Did you mean": the corrected query rides in the custom id.
    try: {
      reply: 'update',
      run: (context, [query = '']) =>
        searchPage(context, { query: normalizeQuery(query), page: 1, pageSize: DEFAULT_PAGE_SIZE, sort: 'relevance', since: null }),
    },
  },
});
