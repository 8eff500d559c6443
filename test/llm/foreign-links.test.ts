import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LINK_REMOVED, stripForeignLinks, urlsIn } from '../../src/llm/foreign-links.js';
import { hostileText } from '../support/arbitraries.js';

// A model that obeys an instruction hidden in an abstract or a question can write any link;
// the bot posts its text beside a real paper's card. Only links the excerpts hold may stay.

const EXCERPT = 'Code is at https://github.com/example/lattice. Data: https://huggingface.co/datasets/x/y).';
const ALLOWED = urlsIn(EXCERPT);
const strip = (text: string) => stripForeignLinks(text, ALLOWED);

/**
 * Links as Discord makes them clickable (its autolink rule: http(s):// up to whitespace or
 * `<`, without trailing punctuation), read independently of the code under test.
 */
const DISCORD_LINK = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/gi;

describe('urlsIn', () => {
  it('reads the URLs of an excerpt without the punctuation that ends its sentence', () => {
    expect([...ALLOWED]).toEqual(['https://github.com/example/lattice', 'https://huggingface.co/datasets/x/y']);
  });
});

describe('stripForeignLinks', () => {
  it.each([
    ['a raw URL', 'See https://evil.example/login now [1].', `See ${LINK_REMOVED} now [1].`],
    ['a URL in angle brackets', 'See <https://evil.example/x> [1].', `See ${LINK_REMOVED} [1].`],
    ['a masked link, reduced to its text', 'The [official weights](https://evil.example/w) [1].', 'The official weights [1].'],
    ['a masked link with an angle target and a title', '[mirror](<https://evil.example/m> "t") [1]', 'mirror [1]'],
    ['a masked link whose text is itself a foreign URL', '[https://evil.example/a](https://evil.example/b)', LINK_REMOVED],
    ['an upper-case scheme', 'HTTPS://EVIL.EXAMPLE/X', LINK_REMOVED],
    ['backslashes and a single slash, as browsers read them', 'https:\\\\evil.example and https:/evil.example', `${LINK_REMOVED} and ${LINK_REMOVED}`],
    ['a scheme split by a zero-width space', 'ht\u200btps://evil.example/x', LINK_REMOVED],
    ['a bare www. host', 'go to www.evil.example/x', `go to ${LINK_REMOVED}`],
    ['an allowed URL with a foreign tail', 'https://github.com/example/lattice.evil.example/x', LINK_REMOVED],
    ['an allowed URL with a userinfo trick', 'https://github.com/example/lattice@evil.example', LINK_REMOVED],
    ['a foreign URL glued before an allowed one', 'https://evil.example/https://github.com/example/lattice', LINK_REMOVED],
  ])('removes %s', (_case, text, expected) => {
    expect(strip(text).text).toBe(expected);
    expect(strip(text).removed).toBeGreaterThan(0);
  });

  it('keeps URLs the excerpts hold, with the punctuation after them, and counts nothing removed', () => {
    const text = 'Code: https://github.com/example/lattice. Data (https://huggingface.co/datasets/x/y) [1].';
    expect(strip(text)).toEqual({ text, removed: 0 });
  });

  it('shows where an allowed masked link goes, so its text cannot disguise it', () => {
    expect(strip('[the code](https://github.com/example/lattice) [1]').text).toBe('the code (https://github.com/example/lattice) [1]');
  });

  it('removes a foreign URL hidden in the text of an allowed masked link', () => {
    expect(strip('[https://evil.example/x](https://github.com/example/lattice)').text).toBe(`${LINK_REMOVED} (https://github.com/example/lattice)`);
  });

  it('never joins the pieces around a removed link into a new one', () => {
    // The masked link goes first and leaves "http" + "://evil.example/b": raw URLs are read after.
    expect(strip('http[](https://evil.example/a)://evil.example/b').text).toBe(LINK_REMOVED);
  });

  it('keeps text without links as it is', () => {
    expect(strip('Lattice attention cuts memory by 7x [1], e.g. at 1:2 ratios.')).toEqual({
      text: 'Lattice attention cuts memory by 7x [1], e.g. at 1:2 ratios.',
      removed: 0,
    });
  });
});

describe('stripForeignLinks on any text', () => {
  /** Filler that holds no URL of its own: markdown, mentions, brackets, control codes, but no colon, slash or "www". */
  const filler = hostileText(40).map((text) => text.replace(/[:/\\]|www/gi, ' '));
  const url = fc.webUrl({ withQueryParameters: true, withFragments: true });
  /** A foreign URL in each form a model might write it. */
  const foreignForm = (foreign: string) =>
    fc.constantFrom(
      foreign,
      `<${foreign}>`,
      `[label](${foreign})`,
      `[label](<${foreign}>)`,
      foreign.toUpperCase(),
      foreign.replace('://', ':\\\\'),
      foreign.replace('t', 't\u200b'),
      `${foreign}.`,
      `(${foreign})`,
    );

  it('lets no link through that the excerpts do not hold, in any form', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(url, { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(filler, url.chain(foreignForm)), { maxLength: 12 }),
        fc.constantFrom(' ', '', '\n'),
        (allowedUrls, pieces, separator) => {
          const allowed = urlsIn(allowedUrls.join(' '));
          const { text } = stripForeignLinks(pieces.join(separator), allowed);
          // What Discord would make clickable is an allowed URL: the start of one (its autolink
          // rule stops at punctuation the URL itself may hold), or one with the punctuation
          // that ended its sentence.
          for (const [link] of text.replace(/\p{Cf}/gu, '').matchAll(DISCORD_LINK)) {
            const fits = (ok: string) => ok.startsWith(link) || (link.startsWith(ok) && /^[.,;:!?'")\]}>*_~]*$/.test(link.slice(ok.length)));
            expect([...allowed].some(fits), link).toBe(true);
          }
          // And once the allowed URLs are taken out, nothing that starts a URL is left.
          let rest = text;
          for (const ok of [...allowed].sort((a, b) => b.length - a.length)) rest = rest.split(ok).join(' ');
          expect(rest).not.toMatch(/[a-z][a-z0-9+.-]*:[/\\]|www\./i);
        },
      ),
    );
  });

  it('keeps every allowed URL that the text holds between spaces', () => {
    fc.assert(
      fc.property(fc.uniqueArray(url, { minLength: 1, maxLength: 3 }), fc.array(filler, { maxLength: 6 }), (allowedUrls, fillers) => {
        const allowed = urlsIn(allowedUrls.join(' '));
        const text = [...fillers, ...allowedUrls].join(' ');
        const { text: out } = stripForeignLinks(text, allowed);
        for (const ok of allowed) expect(out).toContain(ok);
      }),
    );
  });
});
