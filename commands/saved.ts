import { isArxivId } from '../src/digest/arxiv-id.js';
import { defineCommand, UserError, type CommandContext } from '../src/interactions/command.js';
import { flagOption, optionalChoiceOption } from '../src/interactions/options.js';
import { paginateAsync } from '../src/library/paginate.js';
import { readSavedButton } from '../src/present/custom-id.js';
import { escapeText } from '../src/present/markdown.js';
import { truncate } from '../src/present/discord-limits.js';
import { notice, type ReplyPayload } from '../src/present/reply-payload.js';
import { SAVED_PAGE_SIZE, savedExportMessage, savedListMessage } from '../src/present/saved-list.js';
import { currentPapers } from '../src/saved/current-papers.js';
import { MAX_SAVED_PAPERS, type SavedPaperStore } from '../src/store/saved-paper-store.js';

function requireSaved(context: CommandContext): SavedPaperStore {
  if (!context.stores) throw new UserError('Saved papers are not available right now: the bot cannot reach its database.');
  return context.stores.saved;
}

function invalid(message: string): never {
  throw new UserError(message);
}

const titleOf = (title: string) => `**${escapeText(truncate(title, 200))}**`;

/** A page of the presser's own list: every list is read by the user id of whoever asks, never from the message. */
async function listPage(context: CommandContext, pageNumber: number, note?: string): Promise<ReplyPayload> {
  const saved = requireSaved(context);
  // An out-of-range page (the list shrank since the button was drawn) shows the last one.
  const page = await paginateAsync(await saved.count(context.userId), pageNumber, SAVED_PAGE_SIZE, (offset, limit) =>
    saved.page(context.userId, offset, limit),
  );
  const papers = await currentPapers(
    context.library,
    page.items.map((item) => item.paper),
  );
  return savedListMessage({ ...page, items: page.items.map((item, i) => ({ ...item, paper: papers[i] ?? item.paper })) }, note);
}

export default defineCommand({
  name: 'saved',
  description: 'Your saved papers (only you see them): page through, remove, export or clear',
  visibility: 'private',
  options: {
    export: optionalChoiceOption('Download your list as a file', ['bibtex', 'markdown']),
    clear: flagOption('Delete your whole list (after the export, if you ask for one)', { default: false }),
  },
  async execute(context, options) {
    const saved = requireSaved(context);
    if (options.export === undefined && !options.clear) return listPage(context, 1);
    let exported: ReplyPayload | null = null;
    if (options.export !== undefined) {
      const all = await saved.all(context.userId);
      if (all.length === 0) return notice('🔖 Your list is empty: there is nothing to export.');
      exported = savedExportMessage(
        await currentPapers(
          context.library,
          all.map((item) => item.paper),
        ),
        options.export,
      );
    }
    if (!options.clear) return exported as ReplyPayload;
    const cleared = await saved.clear(context.userId);
    const note = cleared === 0 ? 'Your list was already empty.' : `🗑️ Deleted your list: ${cleared.toLocaleString('en-US')} paper${cleared === 1 ? '' : 's'}.`;
    return exported ? { ...exported, content: `${exported.content ?? ''}\n${note}` } : notice(note);
  },
  buttons: {
    // 🔖 Save under any paper card: saves the paper to the presser's list, or removes it when it is there.
    save: {
      reply: 'private',
      async run(context, fields) {
        const { shortId } = readSavedButton.save(fields) ?? invalid('This button is no longer valid.');
        const saved = requireSaved(context);
        const removed = await saved.remove(context.userId, shortId);
        if (removed) return notice(`Removed ${titleOf(removed.title)} from your list (${(await saved.count(context.userId)).toLocaleString('en-US')} left).`);
        const paper =
          (await context.library.paperByShortId(shortId))?.paper ?? (isArxivId(shortId) ? ((await context.stores?.hfPapers.lastFound(shortId)) ?? null) : null);
        if (!paper) throw new UserError('That paper is no longer in the digest, so it cannot be saved.');
        const result = await saved.save(context.userId, paper, shortId, context.now());
        if (result.status === 'full')
          throw new UserError(`Your list is full (${MAX_SAVED_PAPERS.toLocaleString('en-US')} papers): remove some with \`/saved\` first.`);
        return notice(`🔖 Saved ${titleOf(paper.title)} (${result.count.toLocaleString('en-US')} in your list). \`/saved\` shows it.`);
      },
    },
    page: {
      reply: 'update',
      async run(context, fields) {
        const { page } = readSavedButton.page(fields) ?? invalid('This button is no longer valid. Run `/saved` again.');
        return listPage(context, page);
      },
    },
    remove: {
      reply: 'update',
      async run(context, fields) {
        const { shortId, page } = readSavedButton.remove(fields) ?? invalid('This button is no longer valid. Run `/saved` again.');
        const removed = await requireSaved(context).remove(context.userId, shortId);
        return listPage(context, page, removed ? `Removed ${titleOf(removed.title)}.` : undefined);
      },
    },
  },
});
