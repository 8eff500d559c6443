import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrapText } from '../../src/digest/unwrap-text.js';

describe('unwrapText', () => {
  it('turns arXiv wraps into single spaces and trims', () => {
    // The title wrap of 2407.07176 (part-007): "\n  " between words.
    expect(unwrapText('Scaling Up Personalized Aesthetic Assessment via Task Vector\n  Customization')).toBe(
      'Scaling Up Personalized Aesthetic Assessment via Task Vector Customization',
    );
    expect(unwrapText('  two\r\n\tlines \n')).toBe('two lines');
  });

  it('joins a word hyphenated at a wrap, and only at a wrap', () => {
    expect(unwrapText('long-\n  context models')).toBe('long-context models');
    expect(unwrapText('27,039 high-\nresolution images')).toBe('27,039 high-resolution images');
    // A hyphen followed by a space on the same line is the author's: it stays.
    expect(unwrapText('pre- and post-training')).toBe('pre- and post-training');
  });

  it('keeps the space of a suspended hyphen and of a free-standing dash', () => {
    expect(unwrapText('across open-\nand closed-source models')).toBe('across open- and closed-source models');
    expect(unwrapText('complex- (CISC) and reduced-\n(RISC) hardware')).toBe('complex- (CISC) and reduced- (RISC) hardware');
    expect(unwrapText('baseline RLHF --\nvalue-incentivized')).toBe('baseline RLHF -- value-incentivized');
    expect(unwrapText('in two stages -\nan initial')).toBe('in two stages - an initial');
    // "android" is a word, not the conjunction: the hyphenated word is joined.
    expect(unwrapText('x-\nandroid')).toBe('x-android');
  });

  const pieces = fc.oneof(
    fc.constantFrom(' ', '  ', '\n', '\n  ', '\r\n', '\t', '\u00a0', '\u2028', '-', '--', '-\n', 'and', 'or', '(', 'high', 'x'),
    fc.string({ maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  const texts = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));

  it('never leaves a line break, a double space or an outer space (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const out = unwrapText(text);
        expect(out).not.toMatch(/[\n\r]|\s\s|^\s|\s$/);
        // Every whitespace left is a plain space.
        expect(out).not.toMatch(/[^\S ]/);
      }),
      { numRuns: 1000 },
    );
  });

  it('changes only whitespace: the non-whitespace characters stay, in order (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(unwrapText(text).replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 1000 },
    );
  });

  it('removes a wrap only after a hyphen glued to a word; every other gap is one space (property)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const words = text.split(/\s+/).filter(Boolean);
        const joined = unwrapText(text).split(' ').filter(Boolean);
        // Joining only merges neighbours, so there are at most as many words as before...
        expect(joined.length).toBeLessThanOrEqual(words.length);
        // ...and without a glued hyphen before a line break, none is merged.
        if (!/[^\s-]-+[^\S\n\r]*[\n\r]/.test(text)) expect(joined).toEqual(words);
      }),
      { numRuns: 1000 },
    );
  });
});
