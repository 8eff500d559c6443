import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStores, type SqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';
import type { DiscordBot } from '../../src/discord/start-discord.js';
import { paperShortId } from '../../src/library/short-id.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { parseBibtex } from '../cite/parse-bibtex.js';
import { startTestDiscord, tempBotDirs } from '../support/bot-harness.js';
import { FakeDiscord, USER_ID } from '../support/fake-discord.js';
import { slashCommandPayload } from '../../scripts/fake-discord/interaction-payloads.js';
import { makePaper } from '../support/make-paper.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, startLibraryWorker } from '../support/seed-library.js';

const TOKEN = 'e2e-saved-token.abcdefghijklmnopqrstuv';
const OTHER_USER = { id: '400000000000000077', username: 'other', discriminator: '0', global_name: 'Other', avatar: null };
type Message = { content?: string; embeds?: { title?: string; description?: string }[]; components?: Row[]; flags?: number };
type Row = { components: { custom_id?: string; label?: string }[] };

/** A paper of the digest with its authors' names (the seed listing has only counts). */
const NAMED = {
  paper: {
    id: '2611.00042',
    title: 'Zebrafish Attention for Hyperlong Contexts',
    summary: 'We study zebrafish attention over long inputs.',
    upvotes: 3,
    publishedAt: '2026-11-20T00:00:00.000Z',
    authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
  },
};

const buttons = (message: Message) => (message.components ?? []).flatMap((row) => row.components);
const button = (message: Message, label: string) => {
  const found = buttons(message).find((b) => b.label === label);
  if (!found?.custom_id) throw new Error(`no button "${label}" in ${JSON.stringify(buttons(message).map((b) => b.label))}`);
  return found.custom_id;
};

describe('saved papers and citations, through the real discord.js client', () => {
  let discord: FakeDiscord;
  let bot: DiscordBot;
  let library: LibraryClient;
  let stores: SqliteStores;
  let dirs: Awaited<ReturnType<typeof tempBotDirs>>;
  let dataDir: string;
  const logs = memoryLogger();

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    dirs = await tempBotDirs();
    await writeFile(path.join(dirs.digestDir, 'named.json'), JSON.stringify([NAMED]));
    library = await startLibraryWorker({ digestDir: dirs.digestDir });
    dataDir = await mkdtemp(path.join(tmpdir(), 'saved-'));
    stores = openSqliteStores(dataDir);
    bot = startTestDiscord(discord, TOKEN, library, { log: logs.log, router: { now: () => SEED_NOW, random: () => 0, stores } });
    await bot.ready;
  });
  beforeEach(async () => {
    // Each test starts from an empty list: none depends on what another saved.
    await stores.saved.clear(USER_ID);
  });
  afterEach(() => {
    // Every request the bot made was one Discord accepts.
    expect(discord.rejections).toEqual([]);
  });
  afterAll(async () => {
    await bot?.stop();
    await library?.stop();
    await discord?.stop();
    await stores?.close();
    await dirs?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs a command and returns its interaction id and the message its answer shows. */
  const run = async (name: string, options: Record<string, string | number> = {}) => {
    const { id } = discord.slashCommand(name, options);
    return { id, message: (await discord.finalMessage(id)) as Message };
  };
  /**
   * Presses the button labelled `label` on what interaction `on` shows now (as the user sees
   * it, flags included) and returns the click's interaction id; throws when there is no such button.
   */
  const press = (on: { id: string; message: Message }, label: string) => discord.clickButton({ interaction: on.id }, button(on.message, label)).id;
  /** Saves papers of the digest straight into the reader's list, oldest saved first. */
  const saveDirectly = async (count: number) => {
    for (const [i, id] of ['2402.08268', '2407.12117', '2605.14589', '2410.05983'].slice(0, count).entries()) {
      const paper = makePaper(id, '2024-01-01', `Saved directly ${i + 1}`);
      await stores.saved.save(USER_ID, paper, paperShortId(paper), new Date(Date.parse('2026-11-20T00:00:00Z') + i * 1000));
    }
  };

  it('saves a search result privately with its Save button, and removes it with a second press', async () => {
    const results = await run('search', { query: 'kv cache', limit: 2 });
    expect(buttons(results.message).map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶', 'Save 1', 'Save 2']);

    const saving = press(results, 'Save 1');
    const [saved] = await discord.responsesOf(saving);
    expect(discord.isPrivate(saving)).toBe(true);
    expect(saved?.data?.content).toBe(
      '🔖 Saved **A Little Goes a Long Way: Efficient Long Context Training and Inference with Partial Contexts** (1 in your list). `/saved` shows it.',
    );
    // The search message itself is unchanged: a Save press answers with a new private message.
    expect(saved?.type).toBe(4);

    const removing = press(results, 'Save 1');
    const [removed] = await discord.responsesOf(removing);
    expect(discord.isPrivate(removing)).toBe(true);
    expect(removed?.data?.content).toBe(
      'Removed **A Little Goes a Long Way: Efficient Long Context Training and Inference with Partial Contexts** from your list (0 left).',
    );

    // Previous/Next still work, and the next page has its own Save buttons, numbered on.
    const [page2] = await discord.responsesOf(press(results, 'Next ▶'));
    expect(page2?.type).toBe(7);
    expect(buttons(page2?.data as Message).map((b) => b.label)).toEqual(['◀ Previous', 'Next ▶', 'Save 3', 'Save 4']);
  });

  it('saves from /paper, /latest, /random, similar papers and an answer; /saved lists them privately, newest saved first', async () => {
    const card = await run('paper', { title: '2402.08268' });
    await discord.responsesOf(press(card, 'Save'));
    await discord.responsesOf(press(await run('latest', { count: 2 }), 'Save 2'));
    await discord.responsesOf(press(await run('random'), 'Save'));
    const similarClick = press(card, 'Similar papers');
    const similar = { id: similarClick, message: (await discord.finalMessage(similarClick)) as Message };
    await discord.responsesOf(press(similar, 'Save 1'));
    const [fromAnswer] = await discord.responsesOf(press(await run('ask', { question: 'What MFU does MEMO achieve?' }), 'Save 1'));
    expect(fromAnswer?.data?.content).toBe(
      '🔖 Saved **Efficiently Training 7B LLM with 1 Million Sequence Length on 8 GPUs** (5 in your list). `/saved` shows it.',
    );

    const listing = await run('saved');
    const list = listing.message;
    expect(discord.isPrivate(listing.id)).toBe(true);
    expect(list.content?.split('\n')[0]).toBe('🔖 **Your saved papers** · 5 · newest saved first');
    expect(list.embeds?.map((embed) => embed.title)).toEqual([
      '[1] Efficiently Training 7B LLM with 1 Million Sequence Length on 8 GPUs',
      expect.stringMatching(/^\[2\] /),
      expect.stringMatching(/^\[3\] /),
      expect.stringMatching(/^\[4\] /),
      '[5] World Model on Million-Length Video And Language With RingAttention',
    ]);
    expect(buttons(list).map((b) => b.label)).toEqual(['Remove 1', 'Remove 2', 'Remove 3', 'Remove 4', 'Remove 5']);

    // Remove updates the private list in place (the click comes from that private message).
    const removing = press(listing, 'Remove 5');
    const [afterRemove] = await discord.responsesOf(removing);
    expect(discord.isPrivate(removing)).toBe(true);
    expect(afterRemove?.type).toBe(7);
    expect((afterRemove?.data as Message).content?.split('\n').slice(0, 2)).toEqual([
      '🔖 **Your saved papers** · 4 · newest saved first',
      'Removed **World Model on Million-Length Video And Language With RingAttention**.',
    ]);
  });

  it('never shows one user the list of another', async () => {
    await saveDirectly(4);
    const asOther = discord.interact({ ...slashCommandPayload('saved', {}, {}), member: { user: OTHER_USER, roles: [], permissions: '0' } });
    const list = await discord.finalMessage(asOther.id);
    expect(discord.isPrivate(asOther.id)).toBe(true);
    expect(list.content).toBe('🔖 Your list is empty. Press **Save** under any paper (search results, `/paper`, announcements, links) to keep it here.');
    expect(await stores.saved.count(USER_ID)).toBe(4);
  });

  it('/cite autocompletes like /paper and answers publicly with a BibTeX entry or an APA reference', async () => {
    const [choices] = await discord.responsesOf(discord.autocomplete('cite', 'paper', 'zebrafish att').id);
    expect((choices?.data?.choices as { value: string }[])[0]).toEqual({ name: 'Zebrafish Attention for Hyperlong Contexts', value: '2611.00042' });

    const citing = discord.slashCommand('cite', { paper: '2611.00042' });
    const cited = await discord.finalMessage(citing.id);
    // Public: a citation is for the discussion.
    expect(discord.isPrivate(citing.id)).toBe(false);
    expect(cited.content).toBe(
      [
        '📑 BibTeX for **Zebrafish Attention for Hyperlong Contexts**',
        '```bibtex',
        '@misc{lovelace2026zebrafish,',
        '  title={{Zebrafish Attention for Hyperlong Contexts}},',
        '  author={Ada Lovelace and Alan Turing},',
        '  year={2026},',
        '  eprint={2611.00042},',
        '  archivePrefix={arXiv},',
        '  url={https://arxiv.org/abs/2611.00042}',
        '}',
        '```',
      ].join('\n'),
    );
    const { entries, errors } = parseBibtex(String(cited.content).replace(/^[\s\S]*?```bibtex\n|```$/g, ''));
    expect(errors).toEqual([]);
    expect(entries[0]?.fields.title).toBe('Zebrafish Attention for Hyperlong Contexts');

    // A seed paper has only an author count: the entry says so and names nobody.
    const seed = await discord.finalMessage(discord.slashCommand('cite', { paper: 'World Model on Million-Length' }).id);
    expect(seed.content).toContain('```bibtex\n% 4 authors; their names are not in the digest\n@misc{worldmodel2024,');
    expect(seed.content).not.toContain('author=');

    const apa = await discord.finalMessage(discord.slashCommand('cite', { paper: '2611.00042', style: 'apa' }).id);
    expect(apa.content).toBe(
      '📑 APA for **Zebrafish Attention for Hyperlong Contexts**\n```\nLovelace, A., & Turing, A. (2026). Zebrafish Attention for Hyperlong Contexts (arXiv:2611.00042). arXiv. https://doi.org/10.48550/arXiv.2611.00042\n```',
    );
  });

  it('exports as Markdown, then clears the list and says how many papers it held', async () => {
    await saveDirectly(4);
    const exporting = discord.slashCommand('saved', { export: 'markdown', clear: 'true' });
    const responses = await discord.responsesOf(exporting.id);
    const withFile = responses.find((response) => (response.files ?? []).length > 0);
    expect(discord.isPrivate(exporting.id)).toBe(true);
    expect(withFile?.files?.map((file) => file.name)).toEqual(['saved-papers.md']);
    expect(withFile?.files?.[0]?.bytes.toString('utf8').split('\n')[0]).toBe('# Saved papers (4 papers)');
    expect(withFile?.data?.content).toBe('🔖 Your 4 saved papers as a Markdown reading list, newest saved first.\n🗑️ Deleted your list: 4 papers.');
    expect(await stores.saved.count(USER_ID)).toBe(0);
    const [again] = await discord.responsesOf(discord.slashCommand('saved', { clear: 'true' }).id);
    expect(again?.data?.content).toBe('Your list was already empty.');
  });

  it('pages through 2,000 saved papers and exports them as one .bib the BibTeX parser reads back, keys unique', { timeout: 60_000 }, async () => {
    const saved = stores.saved;
    for (let i = 0; i < 2000; i++) {
      const paper = { ...makePaper(`2611.${String(i).padStart(5, '0')}`, '2026-11-01', `Saved paper number ${i}`), authorCount: 2 };
      await saved.save(USER_ID, paper, paperShortId(paper), new Date(Date.parse('2026-11-20T00:00:00Z') + i * 1000));
    }
    const listing = await run('saved');
    const first = listing.message;
    expect(first.content?.split('\n')[0]).toBe('🔖 **Your saved papers** · 2,000 · newest saved first · page 1 of 200');
    expect(first.embeds?.map((embed) => embed.title)).toHaveLength(10);
    expect(first.embeds?.[0]?.title).toBe('[1] Saved paper number 1999');
    const [second] = await discord.responsesOf(press(listing, 'Next ▶'));
    expect((second?.data as Message).content?.split('\n')[0]).toBe('🔖 **Your saved papers** · 2,000 · newest saved first · page 2 of 200');
    expect((second?.data as Message).embeds?.[0]?.title).toBe('[11] Saved paper number 1989');

    const exporting = discord.slashCommand('saved', { export: 'bibtex' });
    const responses = await discord.responsesOf(exporting.id);
    const file = responses.flatMap((response) => response.files ?? [])[0];
    expect(discord.isPrivate(exporting.id)).toBe(true);
    expect(file?.name).toBe('saved-papers.bib');
    // Far under Discord's 10 MiB upload limit (about 300 bytes a paper).
    expect(file?.bytes.length).toBeLessThan(1024 * 1024);
    const { entries, errors } = parseBibtex(file?.bytes.toString('utf8') ?? '');
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(2000);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(2000);
    // Newest saved first; every title starts "Saved paper", so the keys differ by suffix only.
    expect(entries.slice(0, 2).map((entry) => [entry.key, entry.fields.title])).toEqual([
      ['savedpaper2026', 'Saved paper number 1999'],
      ['savedpaper2026a', 'Saved paper number 1998'],
    ]);
  });
});
