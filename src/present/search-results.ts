import { ButtonStyle, ComponentType } from 'discord.js';
import type { SortOrder } from '../library/library.js';
import type { SearchPage } from '../worker/library-api.js';
import { fitMessage } from './fit-message.js';
import { escapeText, toInlineCode } from './markdown.js';
import { descriptionBudget, pageButtons } from './paging.js';
import { paperEmbed } from './paper-embed.js';
import { nothingFound, reply, type ReplyPayload } from './reply-payload.js';
import { withSaveButtons } from './save-buttons.js';

/**
 * Everything needed to draw a page of search results again, after any restart: the page
 * buttons carry it in their custom ids (src/interactions/search-page-id.ts).
 */
export interface SearchState {
  query: string;
  page: number;
  pageSize: number;
  sort: SortOrder;
  since: string | null;
}

interface SearchResultIds {
  /** The custom id of the button that shows this page number. */
  page: (page: number) => string;
  /** The custom id of a "did you mean" button, or null when it cannot have one. */
  suggestion: (query: string) => string | null;
}

/** A page of search results: a header with the query and counts, paper embeds, Previous/Next, and a Save button per paper. */
export function searchResultsMessage(state: SearchState, result: SearchPage, ids: SearchResultIds, now: Date, note?: string): ReplyPayload {
  const { page } = result;
  if (page.total === 0) return noResults(state, result.suggestions, ids);
  const budget = descriptionBudget(page.items.length);
  // Over 1,000 matches, the pages hold the first 1,000 (in the asked order): say both.
  const count = (n: number) => n.toLocaleString('en-US');
  const total = Math.max(result.total, page.total);
  const listed = total > page.total ? ` (the first ${count(page.total)} listed)` : '';
  const header = [
    `🔎 ${toInlineCode(state.query)} · ${count(total)} paper${total === 1 ? '' : 's'}${listed}${page.pageCount > 1 ? ` · page ${page.page} of ${page.pageCount}` : ''}`,
    state.sort === 'relevance' ? '' : ` · ${state.sort === 'newest' ? 'newest first' : 'most upvoted first'}`,
    state.since ? ` · since ${state.since}` : '',
    result.partial ? ' · includes partial matches' : '',
    note ? `\n${note}` : '',
  ].join('');
  const message = fitMessage(
    reply({
      content: header,
      embeds: page.items.map((hit, i) =>
        paperEmbed(hit.paper, { now, terms: hit.terms, position: { index: page.firstPosition + i, total }, maxDescription: budget }),
      ),
      components: pageButtons(page, ids.page),
    }),
  );
  // Numbered as the footers number the papers ("6 of 12" → Save 6).
  const shown = page.items.slice(0, message.embeds.length);
  return withSaveButtons(
    message,
    shown.map((hit) => hit.paper),
    shown.map((_, i) => page.firstPosition + i),
  );
}

function noResults(state: SearchState, suggestions: readonly string[], ids: SearchResultIds): ReplyPayload {
  const tries = suggestions.flatMap((suggestion) => {
    const id = ids.suggestion(suggestion);
    return id === null ? [] : [{ suggestion, id }];
  });
  const lines = [`🔎 ${toInlineCode(state.query)} · no papers found${state.since ? ` since ${state.since}` : ''}.`];
  lines.push(
    tries.length > 0
      ? `Did you mean ${tries.map(({ suggestion }) => `**${escapeText(suggestion)}**`).join(', ')}?`
      : 'Try fewer or different words, or `/topic` to browse by subject.',
  );
  return nothingFound({
    content: lines.join('\n'),
    components:
      tries.length === 0
        ? []
        : [
            {
              type: ComponentType.ActionRow,
              components: tries.slice(0, 5).map(({ suggestion, id }) => ({
                type: ComponentType.Button as const,
                style: ButtonStyle.Primary as const,
                label: suggestion.slice(0, 80),
                custom_id: id,
              })),
            },
          ],
  });
}
