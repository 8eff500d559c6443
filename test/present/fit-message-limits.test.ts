import type { APIEmbed, APIEmbedField } from 'discord.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/present/discord-limits.js';
import { embedLength, fitMessage } from '../../src/present/fit-message.js';
import { reply, type ReplyPayload } from '../../src/present/reply-payload.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';

/** Texts without spaces cut to exactly the length asked: `x` then an ellipsis. */
const text = (length: number, letter = 'x') => letter.repeat(length);
const cut = (length: number, letter = 'x') => `${letter.repeat(length - 1)}…`;
const field = (name: string, value: string): APIEmbedField => ({ name, value });
const total = (payload: ReplyPayload) => payload.embeds.reduce((sum, embed) => sum + embedLength(embed), 0);

describe('embedLength', () => {
  it('adds title, description, footer, author name and every field name and value', () => {
    const embed: APIEmbed = {
      title: text(3),
      description: text(50),
      footer: { text: text(7) },
      author: { name: text(11) },
      url: 'https://example.org/not-counted',
      fields: [field(text(13), text(17)), field(text(19), text(23))],
    };
    expect(embedLength(embed)).toBe(3 + 50 + 7 + 11 + 13 + 17 + 19 + 23);
    expect(embedLength({})).toBe(0);
    expect(embedLength({ fields: [field(text(5), text(2))] })).toBe(7);
  });
});

describe('fitMessage: each part within its own limit', () => {
  it('gives back a payload already within every limit unchanged (property)', () => {
    const small = fc.string({ maxLength: 40 });
    const embed = fc.record(
      {
        title: small,
        description: fc.string({ maxLength: 500 }),
        footer: fc.record({ text: small }, { noNullPrototype: true }),
        author: fc.record({ name: small }, { noNullPrototype: true }),
        fields: fc.array(fc.record({ name: small.filter(Boolean), value: small.filter(Boolean) }, { noNullPrototype: true }), { maxLength: 5 }),
      },
      { requiredKeys: [], noNullPrototype: true },
    );
    fc.assert(
      fc.property(fc.option(fc.string({ maxLength: 2000 }), { nil: undefined }), fc.array(embed, { maxLength: 10 }), (content, embeds) => {
        const payload = reply(content === undefined ? { embeds } : { content, embeds });
        expect(fitMessage(payload)).toStrictEqual(payload);
      }),
    );
  });

  it('cuts a title to 256, a description to 4096, a footer to 2048 and an author to 256, keeping the rest', () => {
    const embed: APIEmbed = {
      title: text(300, 't'),
      description: text(5000, 'd'),
      footer: { text: text(1, 'f'), icon_url: 'https://example.org/icon.png' },
      author: { name: text(300, 'a'), url: 'https://example.org/author' },
      color: 0xff9d00,
    };
    expect(fitMessage(reply({ embeds: [embed] })).embeds).toEqual([
      {
        title: cut(256, 't'),
        description: cut(4096, 'd'),
        footer: { text: 'f', icon_url: 'https://example.org/icon.png' },
        author: { name: cut(256, 'a'), url: 'https://example.org/author' },
        color: 0xff9d00,
      },
    ]);
    expect(fitMessage(reply({ embeds: [{ footer: { text: text(3000, 'f') } }] })).embeds).toEqual([{ footer: { text: cut(2048, 'f') } }]);
  });

  it('keeps 25 fields, each name within 256 and value within 1024, and never an empty one', () => {
    const fields = Array.from({ length: 30 }, (_, i) => field(i === 0 ? '' : i === 2 ? text(300, 'n') : `f${i}`, i === 1 ? '' : `${i}`));
    const [embed] = fitMessage(reply({ embeds: [{ fields }] })).embeds;
    expect(embed?.fields).toHaveLength(LIMITS.embedFields);
    expect(embed?.fields?.slice(0, 4)).toEqual([field('\u200b', '0'), field('f1', '\u200b'), field(cut(256, 'n'), '2'), field('f3', '3')]);
    expect(embed?.fields?.at(-1)).toEqual(field('f24', '24'));
    expect(fitMessage(reply({ embeds: [{ fields: [field('n', text(2000, 'v'))] }] })).embeds).toEqual([{ fields: [field('n', cut(1024, 'v'))] }]);
  });

  it('keeps at most 10 embeds', () => {
    const embeds = Array.from({ length: 12 }, (_, i) => ({ title: `${i + 1}` }));
    expect(fitMessage(reply({ embeds })).embeds).toEqual(embeds.slice(0, 10));
  });
});

describe('fitMessage: the 6000-character total', () => {
  it('shortens the first of two long descriptions just enough', () => {
    const fitted = fitMessage(reply({ embeds: [{ description: text(4000, 'a') }, { description: text(4000, 'b') }] }));
    expect(fitted.embeds).toEqual([{ description: cut(2000, 'a') }, { description: text(4000, 'b') }]);
    expect(total(fitted)).toBe(6000);
  });

  it('drops a description that has to go entirely, rather than leave it empty', () => {
    // 25 full field values (1024 each) outweigh the description, but it has the most to spare.
    const fields = Array.from({ length: 25 }, () => field('n', text(1024, 'v')));
    const [embed] = fitMessage(reply({ embeds: [{ title: 'Title', description: text(4096, 'd'), fields }] })).embeds;
    expect(embed?.title).toBe('Title');
    expect(embed?.description).toBeUndefined();
    expect(embedLength(embed ?? {})).toBeLessThanOrEqual(6000);
  });

  it('shortens long footers, keeping their icon', () => {
    const embed = (letter: string) => ({ footer: { text: text(2048, letter), icon_url: 'https://example.org/i.png' } });
    const fitted = fitMessage(reply({ embeds: [embed('a'), embed('b'), embed('c')] }));
    // 3 × 2048 = 6144: the first footer gives up 144 characters.
    expect(fitted.embeds).toEqual([{ footer: { text: cut(1904, 'a'), icon_url: 'https://example.org/i.png' } }, embed('b'), embed('c')]);
  });

  it('shortens titles no further than 40 characters, one embed after another', () => {
    // Field names are never shortened and the values are too short to: only titles can give.
    const embed = (i: number) => ({ title: text(256, 'T'), fields: [field(`${i}`.padEnd(256, 'n'), 'v'), field(text(256, 'm'), 'w')] });
    const embeds = Array.from({ length: 10 }, (_, i) => embed(i));
    const fitted = fitMessage(reply({ embeds }));
    // 10 × 770 = 7700: seven titles give 216 each, the eighth the last 188.
    expect(fitted.embeds.map((e) => e.title)).toEqual([...Array.from({ length: 7 }, () => cut(40, 'T')), cut(68, 'T'), text(256, 'T'), text(256, 'T')]);
    expect(fitted.embeds.map((e) => e.fields)).toEqual(embeds.map((e) => e.fields));
    expect(total(fitted)).toBe(6000);
  });

  it('shortens field values one at a time, in order, no further than 20 characters', () => {
    const fields = Array.from({ length: 25 }, () => field('n', text(1024, 'v')));
    const [embed] = fitMessage(reply({ embeds: [{ fields }] })).embeds;
    // 25 × 1025 = 25625: nineteen values give 1004 each, the twentieth the last 549.
    expect(embed?.fields?.map((f) => f.value)).toEqual([
      ...Array.from({ length: 19 }, () => cut(20, 'v')),
      cut(475, 'v'),
      ...Array.from({ length: 5 }, () => text(1024, 'v')),
    ]);
    expect(embedLength(embed ?? {})).toBe(6000);
  });

  it('shortens the part with the most to spare above what it keeps, not the first', () => {
    // Description 300 (spares 300), title 256 (spares 216), values 1024 (spare 1004 each).
    const fields = Array.from({ length: 6 }, () => field('n', text(1024, 'v')));
    const [embed] = fitMessage(reply({ embeds: [{ title: text(256, 'T'), description: text(300, 'd'), fields }] })).embeds;
    expect(embed).toEqual({ title: text(256, 'T'), description: text(300, 'd'), fields: [field('n', cut(318, 'v')), ...fields.slice(1)] });

    // A value of 250 spares 230, more than the title's 216, though less than the title's 256 + 40.
    const shortValues = Array.from({ length: 14 }, () => field(text(161, 'n'), text(250, 'v')));
    const [second] = fitMessage(reply({ embeds: [{ title: text(256, 'T'), fields: shortValues }] })).embeds;
    expect(second).toEqual({ title: text(256, 'T'), fields: [field(text(161, 'n'), cut(240, 'v')), ...shortValues.slice(1)] });
  });

  it('drops embeds from the end when nothing is left to shorten', () => {
    // Each embed: 5 fields of a 256-character name and a 20-character value (the least a value keeps).
    const embed = (i: number) => ({ fields: Array.from({ length: 5 }, (_, j) => field(`${i}.${j}`.padEnd(256, 'n'), text(20, 'v'))) });
    const embeds = Array.from({ length: 10 }, (_, i) => embed(i));
    const fitted = fitMessage(reply({ embeds }));
    // 5 × 276 = 1380 each: four fit in 6000.
    expect(fitted.embeds).toEqual(embeds.slice(0, 4));
  });

  it('stays within every limit for any embeds (property)', () => {
    const part = fc.nat({ max: 5000 }).map((length) => text(length));
    const embed = fc.record(
      {
        title: part,
        description: part,
        footer: fc.record({ text: part }),
        author: fc.record({ name: part }),
        fields: fc.array(fc.record({ name: part, value: part }), { maxLength: 30 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(embed, { maxLength: 12 }), (embeds) => {
        expectWithinDiscordLimits(fitMessage(reply({ embeds })));
      }),
      { numRuns: 60 },
    );
  });
});

describe('fitMessage: content and files', () => {
  const file = (name: string, bytes: number) => ({ name, data: new Uint8Array(bytes) });
  const note = "(big.bin left out: over Discord's attachment limits)";

  it('keeps a file of exactly 10 MiB, with no note', () => {
    const payload = reply({ content: 'Here it is', files: [file('exact.bin', LIMITS.attachmentBytes)] });
    expect(fitMessage(payload)).toStrictEqual(payload);
  });

  it('puts the note about a file left out on a line after the content', () => {
    const fitted = fitMessage(reply({ content: 'Here it is', files: [file('big.bin', LIMITS.attachmentBytes + 1), file('small.txt', 3)] }));
    expect(fitted.content).toBe(`Here it is\n${note}`);
    expect(fitted.files.map((f) => f.name)).toEqual(['small.txt']);
  });

  it('makes the note the whole content when there was none', () => {
    const fitted = fitMessage(reply({ files: [file('big.bin', LIMITS.attachmentBytes + 1)] }));
    expect(fitted.content).toBe(note);
    expect(fitted.files).toEqual([]);
  });

  it('cuts content to 2000 characters, leaving room for the note', () => {
    expect(fitMessage(reply({ content: text(2500) })).content).toBe(cut(2000));
    const fitted = fitMessage(reply({ content: text(2500), files: [file('big.bin', LIMITS.attachmentBytes + 1)] }));
    expect(fitted.content).toBe(`${cut(2000 - note.length - 1)}\n${note}`);
    expect(fitted.content).toHaveLength(2000);
  });

  it('adds no content to a reply that had none', () => {
    expect(Object.keys(fitMessage(reply({ embeds: [{ title: 'x' }] })))).not.toContain('content');
  });
});
