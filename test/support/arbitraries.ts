import fc from 'fast-check';
import type { Paper } from '../../src/digest/paper.js';

/** Text with the characters that break naive presenters: markdown, mentions, surrogates, control codes. */
export const hostileText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength, unit: 'grapheme' }),
    fc.string({
      maxLength,
      unit: fc.constantFrom('*', '_', '`', '~', '|', '>', '#', '-', '[', ']', '(', ')', '@', '<', '\\', ' ', '\n', 'a', '\u200b', '\u202e'),
    }),
    fc.constantFrom('@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '```js\nx\n```', '**bold** __u__ ||spoiler||'),
    fc.string({ maxLength, unit: 'binary' }),
  );

/** Papers of any size: up to 20,000-character titles and abstracts, any metadata. */
export const anyPaper: fc.Arbitrary<Paper> = fc.record({
  key: fc.string({ minLength: 1, maxLength: 30 }),
  arxivId: fc.option(fc.constantFrom('2401.12345', '2605.14589')),
  title: fc.oneof(hostileText(400), fc.string({ minLength: 1000, maxLength: 20_000 })).map((title) => title || 'x'),
  abstract: fc.oneof(hostileText(2000), fc.string({ minLength: 5000, maxLength: 20_000 })),
  publishedAt: fc.option(fc.constantFrom('2024-10-02', '2026-06-09', '1999-01-01')),
  listedOn: fc.constant(null),
  upvotes: fc.option(fc.integer({ min: 0, max: 2 ** 31 })),
  organization: fc.option(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 50 }), name: fc.oneof(hostileText(300), fc.string({ minLength: 1, maxLength: 3000 })) }),
  ),
  authorCount: fc.option(fc.nat()),
  links: fc.array(fc.record({ url: fc.webUrl({ size: 'large' }), kind: fc.constantFrom('code' as const, 'project' as const, 'dataset' as const) }), {
    maxLength: 5,
  }),
  keywords: fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }),
  authors: fc.option(fc.array(fc.string({ minLength: 1 }), { maxLength: 5 })),
  aiSummary: fc.option(fc.string({ minLength: 1 })),
  githubStars: fc.option(fc.nat()),
  comments: fc.option(fc.nat()),
  countsAsOf: fc.constant(null),
  thumbnail: fc.constant(null),
  source: fc.record({ file: fc.string({ minLength: 1, maxLength: 300 }), line: fc.option(fc.integer({ min: 1 })) }),
});
