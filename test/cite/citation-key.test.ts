import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationKey, citationKeys } from '../../src/cite/citation-key.js';
import type { Paper } from '../../src/digest/paper.js';
import { makePaper } from '../support/make-paper.js';

function paper(title: string, authors: string[] | null, publishedAt: string | null = '2024-02-13', arxivId: string | null = '2402.08268'): Paper {
  return { ...makePaper(arxivId ?? 'title:x', publishedAt, title), arxivId, authors };
}

describe('citationKey', () => {
  it.each([
    // family + year + first significant word; "World" is the first word and not a minor one.
    ['World Model on Million-Length Video', ['Hao Liu', 'Wilson Yan'], 'liu2024world'],
    // "The" and "On" are skipped; the second author plays no part.
    ['The On Attention Sinks', ['Guangxuan Xiao', 'Song Han'], 'xiao2024attention'],
    // Particles are dropped from the family ("van der"), however capitalised.
    ['Scaling Laws', ['Hendrik van der Berg'], 'berg2024scaling'],
    ['Scaling Laws', ['Hendrik Van der Berg'], 'berg2024scaling'],
    // Capitalised words after the last particle are the family: "La Fontaine" → "lafontaine".
    ['Fables', ['Jean de La Fontaine'], 'lafontaine2024fables'],
    // A lowercase word that is not a particle is a given name, not part of the family.
    ['Fables', ['jing Gao'], 'gao2024fables'],
    ['Fables', ['Ann de la cruz'], 'cruz2024fables'],
    // Accents fold to ASCII (NFKD), and letters NFKD keeps whole are mapped.
    ['Über Netze', ['Jürgen Schmidhuber'], 'schmidhuber2024uber'],
    ['Attention', ['Łukasz Kaiser'], 'kaiser2024attention'],
    ['Attention', ['Søren Størmer'], 'stormer2024attention'],
    // Compound families keep their letters; the suffix is not the family.
    ['Attention', ['Anna Smith-Jones'], 'smithjones2024attention'],
    ['Dreams', ['Martin Luther King Jr.'], 'king2024dreams'],
    // Words must start with a letter, so "3D" never runs into the year.
    ['3D Gaussian Splatting', ['Bernhard Kerbl'], 'kerbl2024gaussian'],
    // Hyphens and colons split words; digits inside a word stay.
    ['GPT-4o: A Report', ['Ann Lee'], 'lee2024gpt'],
    ['Llama2 Chat', ['Ann Lee'], 'lee2024llama2'],
    // A literal (group) name gives its first word.
    ['Report', ['Google DeepMind and Friends'], 'google2024report'],
    // A one-word name is the family.
    ['Report', ['Google'], 'google2024report'],
  ])('%s by %j → %s', (title, authors, key) => {
    expect(citationKey(paper(title, authors))).toBe(key);
  });

  it('takes the year from the arXiv id when there is no date, else writes nd', () => {
    // 2402.08268 was submitted in February 2024.
    expect(citationKey(paper('World Model', ['Hao Liu'], null))).toBe('liu2024world');
    expect(citationKey(paper('World Model', ['Hao Liu'], null, null))).toBe('liundworld');
  });

  it('falls back to the first two significant title words without a usable name', () => {
    expect(citationKey(paper('World Model on Video', null))).toBe('worldmodel2024');
    expect(citationKey(paper('World Model on Video', []))).toBe('worldmodel2024');
    // A name with no letter left after folding (CJK) is no better than none.
    expect(citationKey(paper('World Model', ['王小明']))).toBe('worldmodel2024');
    // A blank name is skipped and the next author is used.
    expect(citationKey(paper('World Model', ['  ', 'Hao Liu']))).toBe('liu2024world');
    expect(citationKey(paper('The World', null))).toBe('world2024');
    expect(citationKey(paper('世界模型', null, null, null))).toBe('papernd');
  });

  it('without a significant title word, is family and year alone', () => {
    expect(citationKey(paper('On the Of', ['Hao Liu']))).toBe('liu2024');
  });

  it('always gives a key of a-z and 0-9 only', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), fc.option(fc.array(fc.string({ unit: 'binary' }), { maxLength: 3 })), (title, authors) => {
        expect(citationKey(paper(title, authors))).toMatch(/^[a-z0-9]+$/);
      }),
    );
  });
});

describe('citationKeys', () => {
  it('keeps the first key and suffixes later collisions a, b, c… in input order', () => {
    const same = paper('World Model', ['Hao Liu']);
    expect(citationKeys([same, same, paper('Other', ['Ann Lee']), same, same])).toEqual([
      'liu2024world',
      'liu2024worlda',
      'lee2024other',
      'liu2024worldb',
      'liu2024worldc',
    ]);
  });

  it('never hands out a key another paper has naturally', () => {
    // The second paper's natural key is "liu2024worlda", the suffix the third would get next.
    const keys = citationKeys([paper('World', ['Hao Liu']), paper('Worlda', ['Hao Liu']), paper('World', ['Hao Liu'])]);
    expect(keys).toEqual(['liu2024world', 'liu2024worlda', 'liu2024worldb']);
  });

  it('gives 2,000 papers with heavy collisions unique keys, the same on every run, with aa… after z', () => {
    // 2,000 papers over 5 titles × 4 authors × 2 years × id-or-not: about 50 per key.
    const papers = Array.from({ length: 2000 }, (_, i) =>
      paper(
        ['World Model', 'World Models', 'Attention', 'The Attention', 'Scaling'][i % 5] ?? '',
        [['Hao Liu', 'Hui Liu', 'Ann Lee', 'Bo Li'][i % 4] ?? ''],
        i % 3 === 0 ? null : '2024-01-01',
        i % 7 === 0 ? null : '2401.00001',
      ),
    );
    const keys = citationKeys(papers);
    expect(new Set(keys).size).toBe(2000);
    expect(citationKeys(papers)).toEqual(keys);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]+$/);
    // 26 single letters, then two-letter suffixes.
    expect(keys).toContain('liu2024worldz');
    expect(keys).toContain('liu2024worldaa');
  });

  it('appending papers never changes the keys before them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('World', 'Worlda', 'Attention'), fc.constantFrom('Hao Liu', 'Ann Lee')), { maxLength: 40 }),
        fc.array(fc.tuple(fc.constantFrom('World', 'Worlda', 'Attention'), fc.constantFrom('Hao Liu', 'Ann Lee')), { maxLength: 40 }),
        (before, after) => {
          const make = ([title, author]: [string, string]) => paper(title, [author]);
          const keys = citationKeys([...before, ...after].map(make));
          expect(new Set(keys).size).toBe(keys.length);
          expect(keys.slice(0, before.length)).toEqual(citationKeys(before.map(make)));
        },
      ),
    );
  });
});
