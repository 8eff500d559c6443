import fc from 'fast-check';
import { ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import type { Answer } from '../../src/library/answer-question.js';
import { parseQuestion } from '../../src/library/question.js';
import { announcementMessage } from '../../src/present/announcement-message.js';
import { answerMessage } from '../../src/present/answer-message.js';
import { citationMessage } from '../../src/present/citation-message.js';
import { digestMessage } from '../../src/present/digest-message.js';
import { reply } from '../../src/present/reply-payload.js';
import { saveButtonId, withSaveButtons } from '../../src/present/save-buttons.js';
import { savedExportMessage, savedListMessage, SAVED_PAGE_SIZE } from '../../src/present/saved-list.js';
import { threadName } from '../../src/present/thread-name.js';
import { unfurlCards } from '../../src/present/unfurl-cards.js';
import { paperShortId } from '../../src/library/short-id.js';
import { parseBibtex } from '../cite/parse-bibtex.js';
import { anyPaper } from '../support/arbitraries.js';
import { makePaper } from '../support/make-paper.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { buttonsOf } from '../support/press-button.js';

const WORLD_MODEL: Paper = {
  ...makePaper('2402.08268', '2024-02-13', 'World Model on Million-Length Video And Language With Blockwise RingAttention'),
  authors: ['Hao Liu', 'Wilson Yan', 'Matei Zaharia', 'Pieter Abbeel'],
  authorCount: 4,
};
/** As the seed listing has it: a count of authors, no names. */
const UPCYCLING: Paper = {
  ...makePaper('2604.24715', '2026-04-26', 'Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling'),
  authorCount: 10,
};
const numbered = (count: number) => Array.from({ length: count }, (_, i) => makePaper(`2611.${String(i + 1).padStart(5, '0')}`, '2026-11-01'));
const rowsOf = (payload: ReturnType<typeof reply>) => payload.components.map((row) => row.components.map((c) => ('label' in c ? c.label : '')));

describe('Save buttons', () => {
  it('put one "Save" under a single card, carrying the short id', () => {
    const payload = withSaveButtons(reply({}), [WORLD_MODEL]);
    expect(buttonsOf(payload).map((b) => [b.label, b.custom_id])).toEqual([['Save', 'saved:save:2402.08268']]);
    expect(saveButtonId(makePaper('title:x', null))).toBe(`saved:save:${paperShortId(makePaper('title:x', null))}`);
  });

  it('number the papers of a list in rows of 5 after the rows already there, by the labels given', () => {
    const paging = { type: ComponentType.ActionRow as const, components: [] };
    const payload = withSaveButtons(reply({ components: [paging] }), numbered(7), [6, 7, 8, 9, 10, 11, 12]);
    expect(rowsOf(payload)).toEqual([[], ['Save 6', 'Save 7', 'Save 8', 'Save 9', 'Save 10'], ['Save 11', 'Save 12']]);
  });

  it('never exceed 5 rows, and give a paper shown twice one button', () => {
    const payload = withSaveButtons(reply({ components: [{ type: ComponentType.ActionRow, components: [] }] }), [...numbered(30), ...numbered(2)]);
    // Four rows are left: 20 buttons, the first 20 papers.
    expect(payload.components).toHaveLength(5);
    expect(buttonsOf(payload)).toHaveLength(20);
    expect(buttonsOf(withSaveButtons(reply({}), [...numbered(2), ...numbered(2)])).map((b) => b.label)).toEqual(['Save 1', 'Save 2']);
  });

  it('stay within Discord limits with unique custom ids for any papers (property)', () => {
    fc.assert(
      fc.property(fc.array(anyPaper, { maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (papers, rows) => {
        const existing = Array.from({ length: rows }, () => ({ type: ComponentType.ActionRow as const, components: [] }));
        const payload = withSaveButtons(reply({ components: existing }), papers);
        expect(payload.components.length).toBeLessThanOrEqual(5);
        const ids = buttonsOf(payload).map((b) => b.custom_id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 100 },
    );
  });
});

describe('threadName', () => {
  it('keeps a title of up to 100 characters whole, on one line', () => {
    expect(threadName('World Model on\n Million-Length   Video')).toBe('World Model on Million-Length Video');
    expect(threadName('x'.repeat(100))).toBe('x'.repeat(100));
  });

  it('cuts a longer title at a word, with an ellipsis', () => {
    const title = 'Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling of Extremely Long Sequence Models in Practice';
    expect(threadName(title)).toBe('Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling of Extremely Long Sequence…');
    expect(threadName('y'.repeat(150))).toBe(`${'y'.repeat(99)}…`);
    // The 99 characters before the ellipsis end exactly at a word: that word stays.
    expect(threadName(`${'abcd '.repeat(19)}abcd tail`)).toBe(`${'abcd '.repeat(19)}abcd…`);
  });

  it('is 1 to 100 code points, starting as the title does (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 400, unit: 'grapheme' }), (title) => {
        const name = threadName(title);
        expect([...name].length).toBeGreaterThanOrEqual(1);
        expect([...name].length).toBeLessThanOrEqual(100);
        const collapsed = title.replace(/\s+/g, ' ').trim();
        if (collapsed !== '') expect(collapsed.startsWith(name.replace(/…$/, ''))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('citationMessage', () => {
  it('gives a BibTeX entry keyed like liu2024world in a code block', () => {
    expect(citationMessage(WORLD_MODEL, 'bibtex').content).toBe(
      [
        '📑 BibTeX for **World Model on Million-Length Video And Language With Blockwise RingAttention**',
        '```bibtex',
        '@misc{liu2024world,',
        '  title={{World Model on Million-Length Video And Language With Blockwise RingAttention}},',
        '  author={Hao Liu and Wilson Yan and Matei Zaharia and Pieter Abbeel},',
        '  year={2024},',
        '  eprint={2402.08268},',
        '  archivePrefix={arXiv},',
        '  url={https://arxiv.org/abs/2402.08268}',
        '}',
        '```',
      ].join('\n'),
    );
  });

  it('says in a comment that only the author count is known, and invents no names', () => {
    const content = citationMessage(UPCYCLING, 'bibtex').content ?? '';
    expect(content).toContain('```bibtex\n% 10 authors; their names are not in the digest\n@misc{longcontext2026,');
    expect(content).not.toContain('author=');
  });

  it('gives an APA reference in a code block', () => {
    expect(citationMessage(WORLD_MODEL, 'apa').content).toBe(
      [
        '📑 APA for **World Model on Million-Length Video And Language With Blockwise RingAttention**',
        '```',
        'Liu, H., Yan, W., Zaharia, M., & Abbeel, P. (2024). World Model on Million-Length Video And Language With Blockwise RingAttention (arXiv:2402.08268). arXiv. https://doi.org/10.48550/arXiv.2402.08268',
        '```',
      ].join('\n'),
    );
  });

  it('attaches a citation too long for a message, whole', () => {
    const crowd = { ...WORLD_MODEL, authors: Array.from({ length: 300 }, (_, i) => `Author${i} Family${i}`), authorCount: 300 };
    const payload = citationMessage(crowd, 'bibtex');
    expectWithinDiscordLimits(payload);
    expect(payload.content).toContain('Too long for a message: it is in the attached `family2024world.bib`.');
    const { entries, errors } = parseBibtex(new TextDecoder().decode(payload.files[0]?.data));
    expect(errors).toEqual([]);
    expect(entries[0]?.fields.author).toHaveLength(300);
  });

  it('keeps the code block whole whatever the title holds (property)', () => {
    fc.assert(
      fc.property(anyPaper, fc.constantFrom('bibtex' as const, 'apa' as const), (paper, style) => {
        const payload = citationMessage(paper, style);
        expectWithinDiscordLimits(payload);
        const content = payload.content ?? '';
        // Exactly one opening and one closing fence, or an attachment instead.
        if (payload.files.length === 0) expect(content.match(/```/g)).toHaveLength(2);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the saved list', () => {
  const saved = (count: number) =>
    numbered(count).map((paper, i) => ({ paper, shortId: paper.key, savedAt: `2026-11-${String(10 + (i % 15)).padStart(2, '0')}T10:00:00Z` }));

  it('shows a page: numbered papers with when they were saved, Previous/Next, a Remove button each', () => {
    const items = saved(SAVED_PAGE_SIZE);
    const payload = savedListMessage({ items, page: 2, pageCount: 3, total: 25, firstPosition: 11 }, 'Removed **X**.');
    expectWithinDiscordLimits(payload);
    expect(payload.content?.split('\n').slice(0, 2)).toEqual(['🔖 **Your saved papers** · 25 · newest saved first · page 2 of 3', 'Removed **X**.']);
    expect(payload.embeds[0]).toMatchObject({ title: '[11] Paper 2611.00001', description: 'Nov 1, 2026 · 1 upvote · arXiv 2611.00001 · saved Nov 10, 2026' });
    expect(rowsOf(payload)).toEqual([
      ['◀ Previous', 'Next ▶'],
      ['Remove 11', 'Remove 12', 'Remove 13', 'Remove 14', 'Remove 15'],
      ['Remove 16', 'Remove 17', 'Remove 18', 'Remove 19', 'Remove 20'],
    ]);
    expect(
      buttonsOf(payload)
        .map((b) => b.custom_id)
        .slice(0, 3),
    ).toEqual(['saved:page:1', 'saved:page:3', 'saved:remove:2611.00001:2']);
  });

  it('dates a save in UTC, like every date the bot shows, whatever the machine’s time zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland'; // 13 hours ahead of UTC in November: 23:30 UTC is the next morning there
    try {
      const [item] = saved(1);
      const payload = savedListMessage({ items: [{ ...item!, savedAt: '2026-11-10T23:30:00Z' }], page: 1, pageCount: 1, total: 1, firstPosition: 1 });
      expect(payload.embeds[0]?.description).toMatch(/ · saved Nov 10, 2026$/);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('says how to fill an empty list', () => {
    expect(savedListMessage({ items: [], page: 1, pageCount: 1, total: 0, firstPosition: 1 }).content).toBe(
      '🔖 Your list is empty. Press **Save** under any paper (search results, `/paper`, announcements, links) to keep it here.',
    );
  });

  it('exports 2,000 papers as one .bib the BibTeX parser reads back, with unique keys, far under the upload limit', () => {
    // Same first title words and year: every key collides, so the suffixes must keep them apart.
    const papers = Array.from({ length: 2000 }, (_, i) => ({
      ...makePaper(`2611.${String(i).padStart(5, '0')}`, '2026-11-01', `Paper number ${i}`),
      authorCount: 3,
    }));
    const payload = savedExportMessage(papers, 'bibtex');
    expectWithinDiscordLimits(payload);
    expect(payload.content).toBe('🔖 Your 2,000 saved papers as BibTeX, newest saved first.');
    const file = payload.files[0];
    expect(file?.name).toBe('saved-papers.bib');
    expect(file?.data.byteLength).toBeLessThan(1024 * 1024);
    const { entries, errors } = parseBibtex(new TextDecoder().decode(file?.data));
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(2000);
    expect(new Set(entries.map((entry) => entry.key)).size).toBe(2000);
    expect(entries.slice(0, 3).map((entry) => entry.key)).toEqual(['papernumber2026', 'papernumber2026a', 'papernumber2026b']);
  });

  it('exports a Markdown reading list', () => {
    const payload = savedExportMessage([WORLD_MODEL], 'markdown');
    expect(payload.files[0]?.name).toBe('saved-papers.md');
    expect(new TextDecoder().decode(payload.files[0]?.data).split('\n')[0]).toBe('# Saved papers (1 paper)');
  });
});

describe('every paper card has a Save button numbered as the card is', () => {
  const saveLabels = (payload: ReturnType<typeof reply>) => buttonsOf(payload).map((b) => [b.label, b.custom_id]);
  const NOW = new Date('2026-11-27T12:00:00Z');

  it('announcements: "2 of 3" in the footer, "Save 2"; a single paper has no number and one "Save"', () => {
    const posted = announcementMessage(numbered(3), NOW);
    expect(posted.embeds.map((embed) => embed.footer?.text)).toEqual(['new · 1 of 3', 'new · 2 of 3', 'new · 3 of 3']);
    expect(saveLabels(posted)).toEqual([
      ['Save 1', 'saved:save:2611.00001'],
      ['Save 2', 'saved:save:2611.00002'],
      ['Save 3', 'saved:save:2611.00003'],
    ]);
    const single = announcementMessage([WORLD_MODEL], NOW);
    expect(single.embeds[0]?.footer?.text).toBe('new');
    expect(saveLabels(single)).toEqual([['Save', 'saved:save:2402.08268']]);
  });

  it('link cards and "not sure" papers: "[2] Title" over "Save 2"; a single card has neither', () => {
    const cards = unfurlCards(numbered(2).map((paper) => ({ paper, inDigest: true })));
    expect(cards.embeds.map((embed) => embed.title)).toEqual(['[1] Paper 2611.00001', '[2] Paper 2611.00002']);
    expect(unfurlCards([{ paper: WORLD_MODEL, inDigest: true }]).embeds[0]?.title).toBe(WORLD_MODEL.title);

    const question = parseQuestion('what about zebrafish?', NOW, []);
    const parts = [1, 2, 3].map((citation) => ({ text: `closest sentence ${citation}`, citation }));
    const unsure: Answer = { question, status: 'unsure', parts, sources: numbered(3), citedCount: 3, digestEnds: null, evidence: parts, retrieval: null };
    const answer = answerMessage(unsure);
    expect(answer.content).toBe('❓ `what about zebrafish?`\n🤔 Not sure: these look closest in the digest.');
    expect(answer.embeds.map((embed) => embed.title)).toEqual([
      'Closest papers (not a sure answer)',
      '[1] Paper 2611.00001',
      '[2] Paper 2611.00002',
      '[3] Paper 2611.00003',
    ]);
    expect(answer.embeds[0]?.description).toBe('“closest sentence 1” [1]\n“closest sentence 2” [2]\n“closest sentence 3” [3]');
    expect(buttonsOf(answer).map((b) => b.label)).toEqual(['Save 1', 'Save 2', 'Save 3']);

    // Nothing related: one sentence, no paper, no button; after the digest's newest paper it says where the digest ends.
    const nothing: Answer = { question, status: 'not-found', parts: [], sources: [], citedCount: 0, digestEnds: '2026-08-21', evidence: [], retrieval: null };
    expect(answerMessage(nothing)).toMatchObject({
      content:
        "❓ `what about zebrafish?`\nNothing in the digest covers this. The digest's newest paper is from Aug 21, 2026. Try `/search` with a few key words.",
      embeds: [],
      components: [],
      nothingFound: true,
    });
  });

  it('scheduled digests: "[1]"…"[10]" over "Save 1"…"Save 10" in two rows, within Discord limits', () => {
    const digest = digestMessage({
      period: { schedule: 'weekly', start: '2026-11-23' },
      subject: null,
      papers: numbered(10),
      total: 40,
      countsCurrent: true,
      countsAsOf: null,
      chart: null,
    });
    expectWithinDiscordLimits(digest);
    expect(digest.embeds.map((embed) => embed.title?.slice(0, 4))).toEqual(['[1] ', '[2] ', '[3] ', '[4] ', '[5] ', '[6] ', '[7] ', '[8] ', '[9] ', '[10]']);
    expect(rowsOf(digest)).toEqual([
      ['Save 1', 'Save 2', 'Save 3', 'Save 4', 'Save 5'],
      ['Save 6', 'Save 7', 'Save 8', 'Save 9', 'Save 10'],
    ]);
    expect(buttonsOf(digest)[9]?.custom_id).toBe('saved:save:2611.00010');
  });
});

describe('unfurlCards', () => {
  it('shows a compact card per paper, says which are not in the digest, with Save buttons', () => {
    const payload = unfurlCards([
      { paper: WORLD_MODEL, inDigest: true },
      { paper: UPCYCLING, inDigest: false },
    ]);
    expectWithinDiscordLimits(payload);
    expect(payload.content).toBeUndefined();
    expect(payload.embeds.map((embed) => [embed.title, embed.url, embed.footer?.text])).toEqual([
      // Numbered as their Save buttons are.
      [`[1] ${WORLD_MODEL.title}`, 'https://huggingface.co/papers/2402.08268', 'In the digest · /paper shows it in full'],
      [`[2] ${UPCYCLING.title}`, 'https://huggingface.co/papers/2604.24715', 'Not in the digest · from Hugging Face'],
    ]);
    expect(payload.embeds[0]?.description).toBe(`Feb 13, 2024 · 1 upvote · arXiv 2402.08268\nAbout ${WORLD_MODEL.title}.`);
    expect(buttonsOf(payload).map((b) => [b.label, b.custom_id])).toEqual([
      ['Save 1', 'saved:save:2402.08268'],
      ['Save 2', 'saved:save:2604.24715'],
    ]);
  });

  it('shows at most 3 cards and counts the links left out', () => {
    const payload = unfurlCards(
      numbered(4).map((paper) => ({ paper, inDigest: true })),
      36,
    );
    expect(payload.embeds).toHaveLength(3);
    expect(payload.content).toBe('+37 more links: `/paper`, or right-click the message → Apps → Find papers');
  });

  it('stays within Discord limits for any papers (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ paper: anyPaper, inDigest: fc.boolean() }), { maxLength: 5 }), fc.nat(100), (found, more) => {
        expectWithinDiscordLimits(unfurlCards(found, more));
      }),
      { numRuns: 100 },
    );
  });
});
