import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/present/discord-limits.js';
import { fitMessage } from '../../src/present/fit-message.js';
import { formatPublished } from '../../src/present/format-date.js';
import { highlight } from '../../src/present/highlight.js';
import { escapeText } from '../../src/present/markdown.js';
import { paperEmbed } from '../../src/present/paper-embed.js';
import { reply } from '../../src/present/reply-payload.js';
import { anyPaper } from '../support/arbitraries.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';
import { SEED_NOW, seedLibrary } from '../support/seed-library.js';

describe('paperEmbed on a seed paper', () => {
  it('shows every field, linked to Hugging Face and arXiv', async () => {
    const library = await seedLibrary();
    const paper = library.get('2605.14589');
    if (!paper) throw new Error('EndPrompt missing from seed');
    const embed = paperEmbed(paper, { now: SEED_NOW, position: { index: 3, total: 12 } });
    expect(embed.title).toBe('EndPrompt: Efficient Long-Context Extension via Terminal Anchoring');
    expect(embed.url).toBe('https://huggingface.co/papers/2605.14589');
    expect(embed.fields).toEqual([
      { name: 'Published', value: 'May 13, 2026 · 6 months ago', inline: true },
      { name: 'Upvotes', value: '2', inline: true },
      { name: 'Authors', value: 'unknown', inline: true },
      { name: 'Organization', value: 'BAIDU', inline: true },
      { name: 'arXiv', value: '[2605.14589](https://arxiv.org/abs/2605.14589)', inline: true },
      { name: 'Code', value: 'https://github.com/clx1415926/EndPrompt', inline: true },
    ]);
    expect(embed.footer?.text).toBe('hf-daily-papers-long-context · 3 of 12');
  });

  it('links a paper without arXiv id to a Hugging Face search for its title', () => {
    const embed = paperEmbed(
      {
        key: 'title:x',
        arxivId: null,
        title: 'Ring & Roll',
        abstract: 'A.',
        publishedAt: null,
        listedOn: null,
        upvotes: null,
        organization: null,
        authorCount: null,
        links: [],
        keywords: [],
        authors: null,
        aiSummary: null,
        githubStars: null,
        comments: null,
        countsAsOf: null,
        thumbnail: null,
        source: { file: 'x.json', line: null },
      },
      { now: SEED_NOW },
    );
    expect(embed.url).toBe('https://huggingface.co/papers?q=Ring%20%26%20Roll');
    expect(embed.fields?.map((field) => field.value)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('cuts the abstract at a sentence boundary', () => {
    const abstract = 'First sentence here. Second sentence is longer than the first. Third one.';
    expect(paperEmbed({ ...basePaper, abstract }, { now: SEED_NOW, maxDescription: 70 }).description).toBe(
      'First sentence here. Second sentence is longer than the first. …',
    );
  });
});

const basePaper = {
  key: 'k',
  arxivId: null,
  title: 'T',
  abstract: '',
  publishedAt: null,
  listedOn: null,
  upvotes: null,
  organization: null,
  authorCount: null,
  links: [],
  keywords: [],
  authors: null,
  aiSummary: null,
  githubStars: null,
  comments: null,
  countsAsOf: null,
  thumbnail: null,
  source: { file: 'f.txt', line: 1 },
};

describe('formatPublished', () => {
  it('gives the date and how long ago, with date-fns', () => {
    expect(formatPublished('2024-10-02', SEED_NOW)).toBe('Oct 2, 2024 · 2 years ago');
    expect(formatPublished('2026-11-28', SEED_NOW)).toBe('Nov 28, 2026 · today');
    expect(formatPublished('2026-11-27', SEED_NOW)).toBe('Nov 27, 2026 · yesterday');
    expect(formatPublished(null, SEED_NOW)).toBe('unknown');
  });
});

describe('highlight and escaping', () => {
  it('bolds words whose stem matched, joining adjacent ones', () => {
    expect(highlight('We reduce the KV cache and caching costs.', ['kv', 'cach'])).toBe('We reduce the **KV cache** and **caching** costs.');
  });

  it('escapes markdown and breaks mass mentions', () => {
    expect(escapeText('**x** @everyone <@123> # h')).toBe('\\*\\*x\\*\\* @\u200beveryone \\<@123\\> # h');
    expect(escapeText('# heading')).toBe('\\# heading');
  });

  it('truncate never exceeds the limit and never splits a surrogate pair (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 300 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
        if (text.length <= max) expect(cut).toBe(text);
      }),
    );
  });
});

describe('Discord limits (property)', () => {
  it('one paper of any size fits one embed', () => {
    fc.assert(
      fc.property(anyPaper, fc.array(fc.string({ maxLength: 20 }), { maxLength: 5 }), (paper, terms) => {
        expectWithinDiscordLimits(fitMessage(reply({ embeds: [paperEmbed(paper, { now: SEED_NOW, terms })] })));
      }),
      { numRuns: 150 },
    );
  });

  it('up to 15 oversized papers and 5000 characters of content fit one message', () => {
    fc.assert(
      fc.property(fc.array(anyPaper, { minLength: 1, maxLength: 15 }), fc.string({ maxLength: 5000 }), (papers, content) => {
        const payload = fitMessage(
          reply({ content, embeds: papers.map((paper, i) => paperEmbed(paper, { now: SEED_NOW, position: { index: i + 1, total: papers.length } })) }),
        );
        expectWithinDiscordLimits(payload);
        expect(payload.embeds.length).toBe(Math.min(10, papers.length));
      }),
      { numRuns: 60 },
    );
  });
});

describe('attachments', () => {
  it('keeps at most 10 files of at most 10 MiB, and says which were left out', () => {
    const file = (name: string, bytes: number) => ({ name, data: new Uint8Array(bytes) });
    const payload = fitMessage(
      reply({ content: 'x'.repeat(2000), files: [file('huge.png', 10 * 1024 * 1024 + 1), ...Array.from({ length: 11 }, (_, i) => file(`f${i}.txt`, 10))] }),
    );
    expectWithinDiscordLimits(payload);
    expect(payload.files.map((f) => f.name)).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt', 'f6.txt', 'f7.txt', 'f8.txt', 'f9.txt']);
    // The note survives a full-length content: the content is cut to make room for it.
    expect(payload.content?.endsWith("(huge.png, f10.txt left out: over Discord's attachment limits)")).toBe(true);
    expect(payload.content?.length).toBeLessThanOrEqual(2000);
  });
});
