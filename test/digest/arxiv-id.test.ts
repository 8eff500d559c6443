import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeArxivId } from '../../src/digest/paper.js';

/** A new-style arXiv id: YYMM, a dot, 4 or 5 digits. */
const arxivId = fc
  .tuple(
    fc.integer({ min: 7, max: 99 }),
    fc.integer({ min: 1, max: 12 }),
    fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
      fc.integer({ min: 0, max: 99_999 }).map((n) => String(n).padStart(5, '0')),
    ),
  )
  .map(([year, month, number]) => `${String(year).padStart(2, '0')}${String(month).padStart(2, '0')}.${number}`);

describe('normalizeArxivId', () => {
  it('reads ids, versions and arXiv URLs', () => {
    expect(normalizeArxivId('2401.12345')).toBe('2401.12345');
    expect(normalizeArxivId(' 2401.12345v2 ')).toBe('2401.12345');
    expect(normalizeArxivId('2401.1234')).toBe('2401.1234');
    expect(normalizeArxivId('arXiv:2401.12345v3')).toBe('2401.12345');
    expect(normalizeArxivId('https://arxiv.org/abs/2401.12345v2')).toBe('2401.12345');
    expect(normalizeArxivId('http://www.arxiv.org/pdf/2401.12345.pdf')).toBe('2401.12345');
    expect(normalizeArxivId('arxiv.org/pdf/2401.12345v1.pdf')).toBe('2401.12345');
  });

  it('refuses text that only ends like an id', () => {
    // Unanchored, the pattern found "2345.67890" at the end of these.
    expect(normalizeArxivId('12345.67890')).toBeNull();
    expect(normalizeArxivId('x2401.12345')).toBeNull();
    expect(normalizeArxivId('https://example.com/2401.12345')).toBeNull();
    expect(normalizeArxivId('https://evil.example/arxiv.org/abs/2401.12345')).toBeNull();
    expect(normalizeArxivId('2401.123456')).toBeNull();
    expect(normalizeArxivId('')).toBeNull();
  });

  it('returns the id itself for any id, version or URL around it', () => {
    fc.assert(
      fc.property(
        arxivId,
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        fc.constantFrom('', 'arXiv:', 'https://arxiv.org/abs/', 'https://arxiv.org/pdf/', 'arxiv.org/abs/'),
        (id, version, prefix) => normalizeArxivId(`${prefix}${id}${version === undefined ? '' : `v${version}`}`) === id,
      ),
    );
  });

  it('never returns an id for an id with anything glued before it', () => {
    fc.assert(
      fc.property(arxivId, fc.string({ minLength: 1, maxLength: 10 }), (id, before) => {
        const result = normalizeArxivId(`${before}${id}`);
        // Only blanks (trimmed) or a whole arXiv prefix may stand before an id.
        return result === null || before.trim() === '' || /^\s*arxiv:$/i.test(before);
      }),
    );
  });

  it('gives null or an id of the right shape for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const result = normalizeArxivId(text);
        return result === null || (/^\d{4}\.\d{4,5}$/.test(result) && text.includes(result));
      }),
    );
  });
});
