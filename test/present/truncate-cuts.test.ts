import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/present/discord-limits.js';

describe('truncate: where it cuts', () => {
  it('keeps a text of exactly the limit whole, and cuts one character more', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('hello', 4)).toBe('hel…');
    expect(truncate('x'.repeat(2000), 2000)).toBe('x'.repeat(2000));
    expect(truncate('x'.repeat(2001), 2000)).toBe(`${'x'.repeat(1999)}…`);
  });

  it('leaves only the ellipsis for a limit of 1, and nothing for 0', () => {
    expect(truncate('hello', 1)).toBe('…');
    expect(truncate('hello', 0)).toBe('');
    expect(truncate('', 0)).toBe('');
  });

  it('ends at a sentence when one ends in the second half, the boundary included', () => {
    // "First one." ends at index 9, exactly half of 18.
    expect(truncate('First one. Second sentence here', 18)).toBe('First one. …');
    expect(truncate('No! Not this one, but this one. And more words follow', 40)).toBe('No! Not this one, but this one. …');
  });

  it('ends at a word when no sentence ends in the second half, the boundary included', () => {
    expect(truncate('Is it? Yes it is, surely', 14)).toBe('Is it? Yes…');
    expect(truncate('hello world again', 14)).toBe('hello world…');
    // The space is at index 5, exactly half of 10.
    expect(truncate('abcde fghijkl', 10)).toBe('abcde…');
  });

  it('cuts inside a word when no space is in the second half', () => {
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('ab cdefghijkl', 10)).toBe('ab cdefgh…');
  });

  it('keeps at least half the limit, a prefix of the text, then the ellipsis (property)', () => {
    const words = fc.array(fc.constantFrom('a', 'bb', 'ccc', ' ', '. ', '? ', '! ', 'word', '😀'), { maxLength: 80 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(words, fc.integer({ min: 2, max: 200 }), (text, max) => {
        fc.pre(text.length > max);
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.length).toBeGreaterThanOrEqual(max / 2);
        expect(cut.endsWith('…')).toBe(true);
        const kept = cut.slice(0, -1).trimEnd();
        expect(text.startsWith(kept)).toBe(true);
      }),
    );
  });
});
