import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from 'discord.js';
import { z } from 'zod';
import { defineCommand, UserError, type CommandContext } from '../src/command/command.js';
import { SORT_ORDERS, type SortOrder } from '../src/library/library.js';
import { parseSince } from '../src/library/parse-since.js';
import { fitMessage } from '../src/present/fit-message.js';
import { escapeText, toInlineCode } from '../src/present/markdown.js';
import { descriptionBudget, pageButtons, paginate } from '../src/present/paging.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { reply, type ReplyPayload } from '../src/present/reply-payload.js';

export const MAX_QUERY_LENGTH = 200;
const DEFAULT_LIMIT = 5;

/** Everything needed to draw a page, recovered on a button click from the custom id and the message. */
interface SearchState {
  query: string;
  page: number;
  limit: number;
  sort: SortOrder;
  since: string | null;
}

/**
 * The query as the search runs it and the header shows it: one line, no backticks, no
 * control characters, at most 200 characters. Normalizing first makes the header a
 * faithful copy of the query, so a button can read it back after a restart.
 */
export function normalizeQuery(raw: string): string {
  return raw
    .replace(/[`\u0000-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    .trim();
}

const HEADER = /^🔎 `([^`]*)`/u;

// search:<page>:<limit>:<sort>:<since|->:<digest version>. The query does not fit in 100
// characters, so it lives in the message header.
const PAGE_ID = /^search:(\d{1,4}):(\d{1,2}):(relevance|newest|upvotes):(\d{4}-\d{2}-\d{2}|-):([0-9a-f]{0,16})$/;
const TRY_ID = /^search:try:(.{1,80})$/su;

function pageId(state: SearchState, page: number, version: string): string {
  return `search:${page}:${state.limit}:${state.sort}:${state.since ?? '-'}:${version}`;
}

export function searchPage(context: CommandContext, state: SearchState, note?: string): ReplyPayload {
  const { library } = context;
  const { hits, suggestions } = library.search({ query: state.query, sort: state.sort, since: state.since });
  if (hits.length === 0) return noResults(state, suggestions);
  const page = paginate(hits, state.page, state.limit);
  const budget = descriptionBudget(page.items.length);
  const partial = hits.some((hit) => !hit.matchedAll) ? ' · includes partial matches' : '';
  const header = [
    `🔎 ${toInlineCode(state.query)} · ${page.total} paper${page.total === 1 ? '' : 's'}${page.pageCount > 1 ? ` · page ${page.page} of ${page.pageCount}` : ''}`,
    state.sort === 'relevance' ? '' : ` · ${state.sort === 'newest' ? 'newest first' : 'most upvoted first'}`,
    state.since ? ` · since ${state.since}` : '',
    partial,
    note ? `\n${note}` : '',
  ].join('');
  return fitMessage(
    reply({
      content: header,
      embeds: page.items.map((hit, i) =>
        paperEmbed(hit.paper, { now: context.now(), terms: hit.terms, position: { index: page.firstPosition + i, total: page.total }, maxDescription: budget }),
      ),
      components: pageButtons(page, (target) => pageId(state, target, library.version)),
    }),
  );
}

function noResults(state: SearchState, suggestions: string[]): ReplyPayload {
  const tries = suggestions.filter((suggestion) => `search:try:${suggestion}`.length <= 100);
  const lines = [`🔎 ${toInlineCode(state.query)} · no papers found${state.since ? ` since ${state.since}` : ''}.`];
  lines.push(
    tries.length > 0
      ? `Did you mean ${tries.map((s) => `**${escapeText(s)}**`).join(', ')}?`
      : 'Try fewer or different words, or `/topic` to browse by subject.',
  );
  return reply({
    content: lines.join('\n'),
    components:
      tries.length === 0
        ? []
        : [
            {
              type: ComponentType.ActionRow,
              components: tries.map((suggestion) => ({
                type: ComponentType.Button as const,
                style: ButtonStyle.Primary as const,
                label: suggestion.slice(0, 80),
                custom_id: `search:try:${suggestion}`,
              })),
            },
          ],
  });
}

export default defineCommand({
  data: {
    name: 'search',
    description: 'Search the paper digest',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'query',
        description: 'Words to look for (typos and partial words are fine)',
        required: true,
        max_length: MAX_QUERY_LENGTH,
      },
      { type: ApplicationCommandOptionType.Integer, name: 'limit', description: 'Papers per page (1–10, default 5)', min_value: 1, max_value: 10 },
      {
        type: ApplicationCommandOptionType.String,
        name: 'sort',
        description: 'Order of the results (default: relevance)',
        choices: SORT_ORDERS.map((order) => ({ name: order, value: order })),
      },
      {
        type: ApplicationCommandOptionType.String,
        name: 'since',
        description: 'Only papers published since, e.g. 2025-01-01, Jan 2025 or 6 months',
        max_length: 40,
      },
    ],
  },
  options: z.object({
    query: z.string(),
    limit: z.coerce.number().int().min(1).max(10).default(DEFAULT_LIMIT),
    sort: z.enum(SORT_ORDERS).default('relevance'),
    since: z.string().optional(),
  }),
  execute(context, options) {
    const query = normalizeQuery(options.query);
    if (query === '') throw new UserError('Type some words to search for, e.g. `/search query:kv cache`.');
    let since: string | null = null;
    if (options.since !== undefined && options.since.trim() !== '') {
      since = parseSince(options.since, context.now());
      if (since === null)
        throw new UserError(`${toInlineCode(options.since.slice(0, 40))} is not a date I understand. Try 2025-01-01, Jan 2025, 2024 or 6 months.`);
    }
    return searchPage(context, { query, page: 1, limit: options.limit, sort: options.sort, since });
  },
  button(context, customId, message) {
    const tried = TRY_ID.exec(customId);
    if (tried) return searchPage(context, { query: normalizeQuery(tried[1] as string), page: 1, limit: DEFAULT_LIMIT, sort: 'relevance', since: null });
    const match = PAGE_ID.exec(customId);
    const query = HEADER.exec(message.content)?.[1];
    if (!match || query === undefined) throw new UserError('This button is no longer valid. Run `/search` again.');
    const [, page, limit, sort, since, version] = match;
    const state: SearchState = {
      query: normalizeQuery(query),
      page: Number(page),
      limit: Math.min(10, Math.max(1, Number(limit))),
      sort: sort as SortOrder,
      since: since === '-' ? null : (since as string),
    };
    const note = version === context.library.version ? undefined : '_The digest has changed since this search; these are the current results._';
    return searchPage(context, state, note);
  },
});
