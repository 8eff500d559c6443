import fc from 'fast-check';
import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { bibliography, bibtexEntry } from '../../src/cite/bibtex.js';
import { escapeBibtexText } from '../../src/cite/bibtex-text.js';
import { cleanText, splitName } from '../../src/cite/person-name.js';
import type { Paper } from '../../src/digest/paper.js';
import { makePaper } from '../support/make-paper.js';
import { creatorName, parseBibtex } from './parse-bibtex.js';

/** Real papers of the digest (the first from arXiv, the second from the seed listing). */
const WORLD_MODEL: Paper = {
  ...makePaper('2402.08268', '2024-02-13', 'World Model on Million-Length Video And Language With Blockwise RingAttention'),
  authors: ['Hao Liu', 'Wilson Yan', 'Matei Zaharia', 'Pieter Abbeel'],
  authorCount: 4,
};
const UPCYCLING: Paper = {
  ...makePaper('2604.24715', '2026-04-26', 'Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling'),
  authorCount: 10,
  authors: null,
};
const TITLE_ONLY: Paper = { ...makePaper('title:ring attention a study', null, 'Ring Attention: A Study'), authors: ['Ann Lee'], authorCount: 1 };

describe('bibtexEntry', () => {
  it('writes arXiv’s entry for a paper with names, the title in double braces', () => {
    expect(bibtexEntry(WORLD_MODEL, 'liu2024world')).toBe(
      [
        '@misc{liu2024world,',
        '  title={{World Model on Million-Length Video And Language With Blockwise RingAttention}},',
        '  author={Hao Liu and Wilson Yan and Matei Zaharia and Pieter Abbeel},',
        '  year={2024},',
        '  eprint={2402.08268},',
        '  archivePrefix={arXiv},',
        '  url={https://arxiv.org/abs/2402.08268}',
        '}',
      ].join('\n'),
    );
  });

  it('gives no author field but a comment with the count when the digest has no names', () => {
    expect(bibtexEntry(UPCYCLING, 'longcontext2026')).toBe(
      [
        '% 10 authors; their names are not in the digest',
        '@misc{longcontext2026,',
        '  title={{Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling}},',
        '  year={2026},',
        '  eprint={2604.24715},',
        '  archivePrefix={arXiv},',
        '  url={https://arxiv.org/abs/2604.24715}',
        '}',
      ].join('\n'),
    );
  });

  it('points a paper without an arXiv id at Hugging Face, with no eprint and no year when undated', () => {
    expect(bibtexEntry(TITLE_ONLY, 'leendring')).toBe(
      [
        '@misc{leendring,',
        '  title={{Ring Attention: A Study}},',
        '  author={Ann Lee},',
        '  howpublished={Hugging Face Papers},',
        '  url={https://huggingface.co/papers?q=Ring%20Attention%3A%20A%20Study}',
        '}',
      ].join('\n'),
    );
  });

  it('says so when neither names nor a count are known, and for one author', () => {
    expect(bibtexEntry({ ...UPCYCLING, authorCount: null }, 'k').split('\n')[0]).toBe('% the authors are not in the digest');
    expect(bibtexEntry({ ...UPCYCLING, authorCount: 1 }, 'k').split('\n')[0]).toBe('% 1 author; the name is not in the digest');
  });

  it('ends the list with "and others" when the digest has more authors than names', () => {
    expect(bibtexEntry({ ...WORLD_MODEL, authorCount: 6 }, 'k')).toContain('  author={Hao Liu and Wilson Yan and Matei Zaharia and Pieter Abbeel and others},');
  });

  it('escapes every special character, braces each escape, and breaks ligatures', () => {
    // `<`, `>` and `|` too: LaTeX's default OT1 fonts print them as ¡, ¿ and an em dash.
    const paper = {
      ...WORLD_MODEL,
      title: "100% of C# & $x^2$ {braces} in a_b ~ \\ <x> | -- `` ''",
      authors: ['Ann {Lee} & Co', 'Martin Luther King Jr.', 'Tom and Jerry'],
      authorCount: 3,
    };
    const entry = bibtexEntry(paper, 'k');
    expect(entry).toContain(
      String.raw`  title={{100{\%} of C{\#} {\&} {\$}x{\textasciicircum}2{\$} {\textbraceleft}braces{\textbraceright} in a{\_}b {\textasciitilde} {\textbackslash} {\textless}x{\textgreater} {\textbar} -{}- ` +
        "`{}` '{}'}},",
    );
    // A suffix moves after the family, as BibTeX reads it; a name with "and" is braced whole.
    expect(entry).toContain(String.raw`  author={Ann {\textbraceleft}Lee{\textbraceright} {\&} Co and King, Jr., Martin Luther and {Tom and Jerry}},`);
  });

  it('refuses a key that would break the entry', () => {
    expect(() => bibtexEntry(WORLD_MODEL, 'a,b')).toThrow(/not a BibTeX key/);
    expect(() => bibtexEntry(WORLD_MODEL, '')).toThrow(/not a BibTeX key/);
  });
});

describe('bibtexEntry read back by a BibTeX parser', () => {
  it('parses the three entries to fields equal to the papers’', () => {
    const { entries, errors } = parseBibtex(bibliography([WORLD_MODEL, UPCYCLING, TITLE_ONLY]));
    expect(errors).toEqual([]);
    expect(entries.map((entry) => [entry.key, entry.fields])).toEqual([
      [
        'liu2024world',
        {
          title: WORLD_MODEL.title,
          author: [
            { firstName: 'Hao', lastName: 'Liu' },
            { firstName: 'Wilson', lastName: 'Yan' },
            { firstName: 'Matei', lastName: 'Zaharia' },
            { firstName: 'Pieter', lastName: 'Abbeel' },
          ],
          year: '2024',
          eprint: '2402.08268',
          archiveprefix: 'arXiv',
          url: 'https://arxiv.org/abs/2402.08268',
        },
      ],
      ['longcontext2026', { title: UPCYCLING.title, year: '2026', eprint: '2604.24715', archiveprefix: 'arXiv', url: 'https://arxiv.org/abs/2604.24715' }],
      [
        'leendring',
        {
          title: TITLE_ONLY.title,
          author: [{ firstName: 'Ann', lastName: 'Lee' }],
          howpublished: 'Hugging Face Papers',
          url: 'https://huggingface.co/papers?q=Ring%20Attention%3A%20A%20Study',
        },
      ],
    ]);
  });

  it('protects the title’s capitals: a sentence-casing reader leaves it as written', () => {
    // Without the inner braces this parser (like biblatex with sentence case) would print
    // "World model on million-length video and language with blockwise RingAttention".
    const library = parse(bibtexEntry(WORLD_MODEL, 'k'), { removeOuterBraces: [] });
    expect(library.entries[0]?.fields.title).toBe(`<span class="nocase">${WORLD_MODEL.title}</span>`);
  });

  it('writes names so that BibTeX finds the given names, particle, family and suffix splitName found', () => {
    const paper = {
      ...WORLD_MODEL,
      authors: ['Martin Luther King Jr.', 'Hendrik van der Berg', 'jing Gao', 'yann lecun', 'Tom and Jerry Lab'],
      authorCount: 5,
    };
    const entry = bibtexEntry(paper, 'k');
    // "jing" is not a particle, but BibTeX would take any lowercase word for one: "Family, Given".
    expect(entry).toContain('  author={King, Jr., Martin Luther and Hendrik van der Berg and Gao, jing and lecun, yann and {Tom and Jerry Lab}},');
    expect(parseBibtex(entry).entries[0]?.fields.author).toEqual([
      { firstName: 'Martin Luther', lastName: 'King', suffix: 'Jr.' },
      { firstName: 'Hendrik', prefix: 'van der', lastName: 'Berg' },
      { firstName: 'jing', lastName: 'Gao' },
      { firstName: 'yann', lastName: 'lecun' },
      { name: 'Tom and Jerry Lab' },
    ]);
  });

  it('round-trips any title and any names, however hostile', () => {
    const special = fc.string({
      unit: fc.constantFrom(
        '{',
        '}',
        '%',
        '&',
        '$',
        '#',
        '_',
        '^',
        '~',
        '\\',
        '-',
        '`',
        "'",
        '<',
        '>',
        '|',
        ',',
        '?',
        '!',
        '@',
        '"',
        ' ',
        '\n',
        'a',
        'B',
        'é',
        '🎉',
      ),
      maxLength: 40,
    });
    const text = fc.oneof(
      special,
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('others', 'and', 'a and b', 'x, y', '\\'),
    );
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), fc.option(fc.nat({ max: 8 })), (title, authors, authorCount) => {
        const paper = { ...WORLD_MODEL, title: title || 'x', authors, authorCount };
        const { entries, errors } = parseBibtex(bibtexEntry(paper, 'k'));
        expect(errors).toEqual([]);
        expect(entries).toHaveLength(1);
        expect(entries[0]?.fields.title ?? '').toBe(cleanText(paper.title));
        const names = authors.map(splitName).filter((name) => name !== null);
        const parsed = (entries[0]?.fields.author ?? []).map(creatorName);
        const others = names.length > 0 && authorCount !== null && authorCount > names.length ? ['others'] : [];
        expect(parsed).toEqual([...names.map((name) => name.full), ...others]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('escapeBibtexText', () => {
  it('always balances braces, so BibTeX (which does not read backslashes) finds the field’s end', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '\\', 'a', ' ') }), (text) => {
        let depth = 0;
        for (const char of escapeBibtexText(text)) {
          depth += char === '{' ? 1 : char === '}' ? -1 : 0;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
      }),
    );
  });
});

describe('bibliography', () => {
  it('joins entries with unique keys into one file that parses whole', () => {
    const bib = bibliography([WORLD_MODEL, WORLD_MODEL, UPCYCLING]);
    expect(bib.endsWith('}\n')).toBe(true);
    const { entries, errors } = parseBibtex(bib);
    expect(errors).toEqual([]);
    expect(entries.map((entry) => entry.key)).toEqual(['liu2024world', 'liu2024worlda', 'longcontext2026']);
  });

  it('is an empty file for no papers', () => {
    expect(bibliography([])).toBe('\n');
  });
});
