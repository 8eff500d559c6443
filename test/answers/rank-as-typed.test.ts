import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import { rankAsTyped } from '../../src/library/rank-as-typed.js';
import { makePaper } from '../support/make-paper.js';

const paper = (key: string, title: string, abstract: string): Paper => ({ ...makePaper(key, '2026-01-01', title), abstract });
/** A digest of 1,000 papers where every word is in 10, unless listed. */
const frequency =
  (counts: Record<string, number> = {}) =>
  (stem: string) =>
    counts[stem] ?? 10;
const keys = (papers: Paper[]) => papers.map((found) => found.key);

describe('rankAsTyped: BM25 over title and abstract, the words as typed', () => {
  it('matches words as typed, not their stems: "models" is not "model"', () => {
    const typed = paper('a', 'Refining big models', 'We refine big models.');
    const stemmedOnly = paper('b', 'Model refinement', 'We refine a model.');
    // Only "a" holds "refining", "big" or "models"; "b" holds none of them as typed and is left out.
    expect(keys(rankAsTyped('refining the big models', [stemmedOnly, typed], frequency(), 1000))).toEqual(['a']);
  });

  it('reads words case-insensitively and drops stopwords, whatever their case ("THE", "of", "Which")', () => {
    const holder = paper('a', 'Sparse Attention', 'Which of the ways is the best?');
    expect(keys(rankAsTyped('WHICH of THE SPARSE', [holder], frequency(), 1000))).toEqual(['a']);
    expect(rankAsTyped('Which OF THE', [holder], frequency(), 1000)).toEqual([]);
  });

  it('weighs a rare word over a common one: the paper with "zebra" (in 2 papers) before the one with "model" (in 900)', () => {
    const rare = paper('rare', 'Notes', 'On zebra.');
    const common = paper('common', 'Notes', 'On model.');
    expect(keys(rankAsTyped('zebra model', [common, rare], frequency({ zebra: 2, model: 900 }), 1000))).toEqual(['rare', 'common']);
  });

  it('scores title and abstract each on its own: a word in both counts twice, where one field of both would prefer a shorter paper', () => {
    const inBoth = paper('both', 'Routing', 'Routing xylo xylo xylo');
    const twiceInAbstract = paper('twice', 'Xylo', 'Routing routing');
    // Per field: "both" scores the word in its 1-word title (the average title) and in its 4-word
    // abstract (the average: 3), 1.50 + 1.39 = 2.89; "twice" only in its 2-word abstract, twice:
    // 2.01. Read as one field, both papers hold the word twice, and "twice" (3 words against
    // 5) would come first: 1.97 against 1.79.
    expect(keys(rankAsTyped('routing', [twiceInAbstract, inBoth], frequency(), 1000))).toEqual(['both', 'twice']);
  });

  it('measures each field against its own average length: a word in a short title outweighs it in a long abstract', () => {
    const inTitle = paper('title', 'Routing', 'Xylo text.');
    const inAbstract = paper('abstract', 'Xylo text', `Routing ${'filler '.repeat(40)}`);
    // "routing" once in each: in a 1-word title (the average title: 1.5 words) it counts more
    // than in a 41-word abstract (the average: 21.5), whatever the order they come in.
    expect(keys(rankAsTyped('routing', [inAbstract, inTitle], frequency(), 1000))).toEqual(['title', 'abstract']);
    expect(keys(rankAsTyped('routing', [inTitle, inAbstract], frequency(), 1000))).toEqual(['title', 'abstract']);
  });

  it('returns some of the given papers, each once, and nothing for a question of no words', () => {
    const word = fc.constantFrom('sparse', 'attention', 'the', 'THE', 'model', 'models', 'zebra', 'KV', 'kv', '4.4x');
    const text = fc.array(word, { maxLength: 8 }).map((words) => words.join(' '));
    fc.assert(
      fc.property(text, fc.array(fc.tuple(text, text), { maxLength: 6 }), (question, fields) => {
        const papers = fields.map(([title, abstract], index) => paper(`p${index}`, title, abstract));
        const ranked = keys(rankAsTyped(question, papers, frequency(), 1000));
        expect(new Set(ranked).size).toBe(ranked.length);
        for (const key of ranked) expect(keys(papers)).toContain(key);
        if (question.split(' ').every((w) => w === '' || w.toLowerCase() === 'the')) expect(ranked).toEqual([]);
      }),
    );
  });
});
