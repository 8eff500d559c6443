import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import { bibliography } from '../cite/bibtex.js';
import { readingList } from './reading-list.js';
import type { Paper } from '../digest/paper.js';
import { savedButtonId } from './custom-id.js';
import type { Page } from '../library/paginate.js';
import type { SavedPaper } from '../store/saved-paper-store.js';
import { compactPaperEmbed } from './compact-paper-embed.js';
import { LIMITS } from './discord-limits.js';
import { fitMessage } from './fit-message.js';
import { pageButtons } from './paging.js';
import { reply, type ReplyPayload } from './reply-payload.js';
import { formatDay } from './format-date.js';

/** Papers per page of /saved: 10 embeds (Discord's maximum), two rows of Remove buttons and Previous/Next. */
export const SAVED_PAGE_SIZE = 10;

type ExportFormat = 'bibtex' | 'markdown';

/**
 * A page of a user's saved papers, newest saved first: "[3] Title" with date, upvotes and
 * when it was saved, a Remove button per paper (numbered as the titles are), and
 * Previous/Next. `note` goes under the header ("Removed …").
 */
export function savedListMessage(page: Page<SavedPaper>, note?: string): ReplyPayload {
  if (page.total === 0) {
    return reply({
      content: [note, '🔖 Your list is empty. Press **Save** under any paper (search results, `/paper`, announcements, links) to keep it here.']
        .filter(Boolean)
        .join('\n'),
    });
  }
  const header = `🔖 **Your saved papers** · ${page.total.toLocaleString('en-US')} · newest saved first${page.pageCount > 1 ? ` · page ${page.page} of ${page.pageCount}` : ''}`;
  const help = 'Only you see this list. `/saved export:bibtex` or `export:markdown` downloads it; `/cite` cites one paper.';
  const message = fitMessage(
    reply({
      content: [header, note, help].filter(Boolean).join('\n'),
      embeds: page.items.map(({ paper, savedAt }, i) => {
        const embed = compactPaperEmbed(paper, page.firstPosition + i);
        // The day in UTC, as every date the bot shows: the same list reads the same on any machine.
        return { ...embed, description: `${embed.description ?? ''} · saved ${formatDay(savedAt.slice(0, 10))}` };
      }),
      components: pageButtons(page, savedButtonId.page),
    }),
  );
  const shown = page.items.slice(0, message.embeds.length);
  const removes = shown.map(({ shortId }, i) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label: `Remove ${page.firstPosition + i}`,
    custom_id: savedButtonId.remove(shortId, page.page),
  }));
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (let i = 0; i < removes.length; i += LIMITS.componentsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: removes.slice(i, i + LIMITS.componentsPerRow) });
  return { ...message, components: [...message.components, ...rows] };
}

/** The whole list as a file: a `.bib` (keys unique within it) or a Markdown reading list, newest saved first. */
export function savedExportMessage(papers: readonly Paper[], exportFormat: ExportFormat, note?: string): ReplyPayload {
  const count = `${papers.length.toLocaleString('en-US')} saved paper${papers.length === 1 ? '' : 's'}`;
  const file =
    exportFormat === 'bibtex'
      ? { name: 'saved-papers.bib', data: new TextEncoder().encode(bibliography(papers)), description: `${count} as BibTeX` }
      : {
          name: 'saved-papers.md',
          data: new TextEncoder().encode(readingList(papers, { heading: 'Saved papers' })),
          description: `${count} as a Markdown reading list`,
        };
  const what = exportFormat === 'bibtex' ? 'BibTeX' : 'a Markdown reading list';
  return fitMessage(reply({ content: [`🔖 Your ${count} as ${what}, newest saved first.`, note].filter(Boolean).join('\n'), files: [file] }));
}
