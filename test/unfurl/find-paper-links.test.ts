import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPaperIds } from '../../src/unfurl/find-paper-links.js';

describe('findPaperIds', () => {
  it.each([
    ['https://arxiv.org/abs/2402.08268'],
    ['http://arxiv.org/abs/2402.08268'],
    ['https://www.arxiv.org/abs/2402.08268'],
    ['https://export.arxiv.org/abs/2402.08268'],
    ['https://arxiv.org/abs/2402.08268v2'],
    ['https://arxiv.org/pdf/2402.08268'],
    ['https://arxiv.org/pdf/2402.08268v1'],
    ['https://arxiv.org/pdf/2402.08268.pdf'],
    ['https://arxiv.org/pdf/2402.08268v3.pdf'],
    ['https://arxiv.org/abs/2402.08268/'],
    ['https://arxiv.org/abs/2402.08268?context=cs.LG'],
    ['https://arxiv.org/abs/2402.08268#S3'],
    ['HTTPS://ARXIV.ORG/ABS/2402.08268'],
    ['https://huggingface.co/papers/2402.08268'],
    ['https://huggingface.co/papers/2402.08268#community'],
    ['https://www.huggingface.co/papers/2402.08268'],
    ['https://alphaxiv.org/abs/2402.08268'],
    ['https://www.alphaxiv.org/abs/2402.08268v2'],
    // Written without a scheme, as people paste them.
    ['arxiv.org/abs/2402.08268'],
    ['www.arxiv.org/pdf/2402.08268v2.pdf'],
    ['huggingface.co/papers/2402.08268'],
    ['arXiv:2402.08268'],
    ['arxiv:2402.08268v4'],
    ['ARXIV:2402.08268'],
    // Four-digit serials (before 2015) are ids too.
    ['https://arxiv.org/abs/1706.0376', '1706.0376'],
  ])('finds %s', (text, id = '2402.08268') => {
    expect(findPaperIds(text)).toEqual([id]);
    // The same inside a sentence, in parentheses, as a masked link, and before punctuation.
    expect(findPaperIds(`See (${text}), or [this](${text}). Also ${text}.`)).toEqual([id]);
    // In markdown Discord renders around a link it still embeds: bold, italic, underline, strike, spoiler.
    for (const mark of ['**', '*', '_', '__', '***', '~~', '||', '**__'])
      expect(findPaperIds(`read ${mark}${text}${[...mark].reverse().join('')}, it is good`), mark).toEqual([id]);
  });

  it.each([
    ['code block', 'look:\n```\nhttps://arxiv.org/abs/2402.08268\n```'],
    ['code block with a language', '```py\nurl = "https://arxiv.org/abs/2402.08268"\n```'],
    ['one-line code block', '```https://arxiv.org/abs/2402.08268```'],
    ['inline code', 'run `curl https://arxiv.org/abs/2402.08268` now'],
    ['double-backtick inline code', 'run ``curl `x` https://arxiv.org/abs/2402.08268`` now'],
    ['inline code around arXiv:', 'cite `arXiv:2402.08268`'],
    ['suppressed embed', 'no preview: <https://arxiv.org/abs/2402.08268>'],
    ['suppressed masked link', '[paper](<https://huggingface.co/papers/2402.08268>)'],
    ['suppressed bare id', '<arXiv:2402.08268>'],
    ['escaped colon', 'arXiv\\:2402.08268'],
    ['look-alike host', 'https://notarxiv.org/abs/2402.08268'],
    ['look-alike host without scheme', 'notarxiv.org/abs/2402.08268'],
    ['host suffix', 'https://arxiv.org.evil.com/abs/2402.08268'],
    ['credentials trick', 'https://arxiv.org@evil.com/abs/2402.08268'],
    ['path of another host', 'https://evil.com/arxiv.org/abs/2402.08268'],
    ['query of another host', 'https://google.com/search?q=arXiv:2402.08268'],
    ['export. on another site', 'https://export.huggingface.co/papers/2402.08268'],
    ['other arXiv path', 'https://arxiv.org/list/2402.08268'],
    ['other Hugging Face path', 'https://huggingface.co/2402.08268'],
    ['id inside a longer number', 'https://arxiv.org/abs/2402.082681'],
    ['prefix inside a longer number', 'arXiv:12402.08268'],
    ['trailing digits after the id', 'arXiv:2402.08268.5'],
    ['prefix glued to a word', 'myarxiv:2402.08268'],
    ['prefix glued to a word by an underscore', 'my_arxiv:2402.08268'],
    ['host glued to a word by an underscore', 'my_arxiv.org/abs/2402.08268'],
    ['id glued to a word', 'arXiv:2402.08268abc'],
    ['bare number', 'version 2402.08268 of the file'],
    ['old-style id', 'https://arxiv.org/abs/hep-th/9901001'],
    ['id with a space', 'arXiv: 2402.08268'],
  ])('ignores a %s', (_, text) => {
    expect(findPaperIds(text)).toEqual([]);
  });

  it('counts links after an unterminated fence: Discord shows those backticks as text', () => {
    expect(findPaperIds('```\nhttps://arxiv.org/abs/2402.08268')).toEqual(['2402.08268']);
    expect(findPaperIds('```py\narXiv:2402.08268 and more')).toEqual(['2402.08268']);
  });

  it('reads backticks as simple-markdown does: a lone fence can still open inline code with a later backtick', () => {
    // "```" has no closing fence, so its last backtick pairs with the one after the link.
    expect(findPaperIds('``` https://arxiv.org/abs/2402.08268 ` https://arxiv.org/abs/2401.00001')).toEqual(['2401.00001']);
    // An escaped backtick opens nothing (unescaped, these two would make inline code).
    expect(findPaperIds('\\` https://arxiv.org/abs/2402.08268 \\`')).toEqual(['2402.08268']);
    expect(findPaperIds('` https://arxiv.org/abs/2402.08268 `')).toEqual([]);
    // Code ends where it closes: the link after it counts.
    expect(findPaperIds('`x` https://arxiv.org/abs/2402.08268 ```y``` arXiv:2401.00001')).toEqual(['2402.08268', '2401.00001']);
  });

  it('dedupes across forms and versions, in order of first appearance', () => {
    const message = [
      'arXiv:2401.00003',
      'https://huggingface.co/papers/2401.00001',
      'https://arxiv.org/abs/2401.00003v2',
      '`https://arxiv.org/abs/2401.00002`',
      'https://arxiv.org/pdf/2401.00001v1.pdf',
      'https://www.alphaxiv.org/abs/2401.00002',
    ].join(' and ');
    expect(findPaperIds(message)).toEqual(['2401.00003', '2401.00001', '2401.00002']);
  });

  it('finds nothing in text that never names arxiv, huggingface or alphaxiv', () => {
    const pieces = fc.constantFrom(
      'https://',
      'http://',
      'www.',
      '.org/',
      '/abs/',
      '/pdf/',
      '/papers/',
      '2402.08268',
      'v2',
      '.pdf',
      ':',
      '`',
      '```',
      '<',
      '>',
      ' ',
      '\n',
      '\\',
      'x',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(
        text.filter((value) => !/arxiv|huggingface|alphaxiv/i.test(value)),
        (value) => {
          expect(findPaperIds(value)).toEqual([]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('returns only well-formed ids, each once, from any text', () => {
    const pieces = fc.constantFrom(
      'https://arxiv.org/abs/',
      'huggingface.co/papers/',
      'arXiv:',
      '2402.08268',
      '2401.0001',
      'v2',
      '.pdf',
      '`',
      '```',
      '<',
      '>',
      ' ',
      '\\',
      ')',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const ids = findPaperIds(parts.join(''));
        for (const id of ids) expect(id).toMatch(/^\d{4}\.\d{4,5}$/);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a 4,000-character message, even a backtick- or link-heavy one, in milliseconds', () => {
    const messages = [
      'https://arxiv.org/abs/2402.08268 '.repeat(125),
      '`'.repeat(4000),
      '` x '.repeat(1000),
      '``` '.repeat(1000),
      'arxiv.org/abs/'.repeat(285),
      'a'.repeat(4000),
      Array.from({ length: 4000 }, (_, i) => '`< \\:x'[i % 6]).join(''),
      Array.from({ length: 400 }, (_, i) => '`'.repeat((i % 9) + 1) + 'x')
        .join('')
        .slice(0, 4000),
    ];
    for (const message of messages) {
      const started = performance.now();
      findPaperIds(message);
      // A generous bound for a shared machine; the real figures are well under 5 ms.
      expect(performance.now() - started).toBeLessThan(100);
    }
    expect(findPaperIds(messages[0] ?? '')).toEqual(['2402.08268']);
  });
});
