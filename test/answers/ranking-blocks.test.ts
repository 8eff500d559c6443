import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankCandidates, retrievalEvidence, type PaperCandidate } from '../../src/library/answer-evidence.js';
import { isAnswerable, MIN_CONFIDENCE, RARE_WORD_WEIGHT } from '../../src/library/answerability.js';
import { fuseRankings } from '../../src/library/fuse-rankings.js';
import { covers, inverseDocumentFrequency, queryTermsOf, TermMatcher, type QueryTerm } from '../../src/library/question-terms.js';
import { holdsSpecificWords, specificTerms } from '../../src/library/specific-words.js';
import { makePaper } from '../support/make-paper.js';

// The building blocks of /ask's ranking, each at its boundaries, without the real digest: the
// real-data tests show the whole ranking on real questions, these pin each rule exactly.

const term = (stem: string, weight = 1, documents = 1, parts: string[] = []): QueryTerm => ({ stem, parts, weight, documents });

describe('inverseDocumentFrequency', () => {
  it("is BM25's ln(1 + (N − n + ½) / (n + ½))", () => {
    expect(inverseDocumentFrequency(0, 10)).toBeCloseTo(Math.log(22), 12); // 1 + 10.5 / 0.5
    expect(inverseDocumentFrequency(3, 10)).toBeCloseTo(Math.log(22 / 7), 12); // 1 + 7.5 / 3.5
  });
});

describe('queryTermsOf', () => {
  const terms = (query: string, expand?: (word: string) => string[] | undefined) => queryTermsOf(query, () => 3, 100, expand);

  it('splits a word of letters then digits, or digits then letters, at the change, and nothing else', () => {
    expect(terms('gpt4 qwen25 4bit 12bit').map((t) => [t.stem, t.parts])).toEqual([
      ['gpt4', ['gpt', '4']],
      ['qwen25', ['qwen', '25']],
      ['4bit', ['4', 'bit']],
      ['12bit', ['12', 'bit']],
    ]);
    // Mixed further ("x4bit", "4bit5", "gpt4x", "4gpt4") they are one name: no parts.
    expect(terms('x4bit 4bit5 gpt4x 4gpt4').map((t) => t.parts)).toEqual([[], [], [], []]);
  });

  it('reads an abbreviation the papers define as its long form, but never a word it already splits', () => {
    const expand = (word: string) => (['MoE', 'gpt4', 'RingAttention'].includes(word) ? ['mixtur', 'expert'] : undefined);
    expect(terms('MoE gpt4 RingAttention', expand)).toEqual([
      { stem: 'moe', parts: ['mixtur', 'expert'], longForm: ['mixtur', 'expert'], weight: inverseDocumentFrequency(3, 100), documents: 3 },
      { stem: 'gpt4', parts: ['gpt', '4'], weight: inverseDocumentFrequency(3, 100), documents: 3 },
      { stem: 'ringattent', parts: ['ring', 'attent'], weight: inverseDocumentFrequency(3, 100), documents: 3 },
    ]);
  });
});

/** Optimal string alignment distance, the textbook full table, to check the bounded one against. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  return (d[a.length] as number[])[b.length] as number;
}

describe('which stems stand for a term', () => {
  const matches = (t: QueryTerm, stem: string) => covers(t, new Set([stem]));

  it('takes the word, the word as a prefix from five letters, and typos only of words the digest lacks', () => {
    expect(matches(term('bench'), 'benchmark')).toBe(true);
    expect(matches(term('cook'), 'cookbook')).toBe(false); // four letters: a prefix of too much
    // A word papers contain is never read as a typo: "retrieve" is not "retrieval".
    expect(matches(term('retriev', 1, 5), 'retreiv')).toBe(false);
    expect(matches(term('retriev', 1, 0), 'retreiv')).toBe(true); // two letters swapped: one edit
    // Short words the digest lacks are not read as typos at all ("cook" and "book").
    expect(matches(term('cook', 1, 0), 'book')).toBe(false);
    // One edit from six letters, two from nine: exactly at those lengths.
    expect(matches(term('abcdef', 1, 0), 'abcdxf')).toBe(true);
    expect(matches(term('abcdef', 1, 0), 'abcde')).toBe(true); // one letter shorter
    expect(matches(term('abcdef', 1, 0), 'abcdxy')).toBe(false);
    expect(matches(term('abcdefghi', 1, 0), 'abcdefg')).toBe(true); // two letters shorter
    expect(matches(term('abcdefghi', 1, 0), 'abxdefghy')).toBe(true);
    expect(matches(term('abcdefgh', 1, 0), 'abxdefgy')).toBe(false); // eight letters: one edit only
  });

  it('reads typos by optimal string alignment distance (property, against the full table)', () => {
    const word = (min: number, max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: min, maxLength: max });
    fc.assert(
      fc.property(word(6, 10), word(3, 12), (stem, other) => {
        const allowed = stem.length >= 9 ? 2 : 1;
        const expected = other === stem || other.startsWith(stem) || osaDistance(stem, other) <= allowed;
        expect(matches(term(stem, 1, 0), other)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('covers a split word when its parts are in the texts, across any of them, only for two parts or more', () => {
    const ring = term('ringattent', 1, 1, ['ring', 'attent']);
    expect(covers(ring, new Set(['ring']), new Set(['attent']))).toBe(true);
    expect(covers(ring, new Set(['ring']))).toBe(false);
    expect(covers(term('tfm', 1, 1, ['transform']), new Set(['transform']))).toBe(false);
  });

  it('weighs the share of the terms held, and an empty or weightless question holds nothing', () => {
    const matcher = new TermMatcher([term('alpha', 3), term('beta', 1)]);
    expect(matcher.coverage(new Set(['beta']))).toBe(0.25);
    expect(matcher.coverage(new Set(['alpha']), new Set(['beta']))).toBe(1);
    expect(new TermMatcher([term('alpha', 0)]).coverage(new Set(['alpha']))).toBe(0);
    expect(new TermMatcher([]).share(new Set([0]))).toBe(0);
  });
});

describe('fuseRankings', () => {
  it('gives weight / (k + rank) per ranking and orders by the sum', () => {
    const fused = fuseRankings(
      [
        { items: ['a', 'b', 'c'], weight: 1 },
        { items: ['c', 'b'], weight: 2 },
      ],
      (item) => item,
      10,
    );
    // a: 1/11. b: 1/12 + 2/12. c: 1/13 + 2/11.
    expect(fused.map((entry) => entry.item)).toEqual(['c', 'b', 'a']);
    expect(fused.map((entry) => entry.score)).toEqual([1 / 13 + 2 / 11, 1 / 12 + 2 / 12, 1 / 11]);
  });
});

describe('the retrieval evidence', () => {
  const hit = (key: string, score: number, title: string, abstract: string, keywords: string[] = []) => ({
    paper: { ...makePaper(key, null, title), abstract, keywords },
    score,
    terms: [],
    matchedAll: false,
  });

  it('is empty when nothing was retrieved', () => {
    expect(retrievalEvidence([term('x')], [])).toEqual({ coverage: 0, missingWeight: Number.POSITIVE_INFINITY, margin: 0, sentenceLead: -1 });
  });

  it('reranks at most 40 papers, each by its share of the best score plus its coverage, keywords counting', () => {
    const hits = Array.from({ length: 45 }, (_, index) => hit(`p${index}`, 45 - index, 'Nothing here', 'Plain text.'));
    hits[3] = hit('p3', 42, 'Nothing here', 'Plain text.', ['alpha']);
    const candidates = rankCandidates([term('alpha')], hits);
    expect(candidates).toHaveLength(40);
    // p3 holds the whole question in its keywords: 42/45 + 1 puts it first.
    expect(candidates[0]).toMatchObject({ paper: { key: 'p3' }, coverage: 1, searchScore: 42 / 45, score: 42 / 45 + 1 });
    expect(candidates[1]).toMatchObject({ paper: { key: 'p0' }, coverage: 0, searchScore: 1 });
  });

  it('measures what the top paper lacks, its margin and its best sentence against the others', () => {
    const terms = [term('alpha', 2), term('beta', 6), term('gamma', 4)];
    const candidates: PaperCandidate[] = rankCandidates(terms, [
      hit('top', 4, 'Alpha', 'Beta is here. Nothing.'),
      hit('next', 2, 'Other', 'Alpha and gamma. Plain.'),
    ]);
    expect(candidates.map((candidate) => candidate.paper.key)).toEqual(['top', 'next']);
    const [top, next] = candidates as [PaperCandidate, PaperCandidate];
    expect(top.score).toBe(1 + 8 / 12);
    expect(next.score).toBe(0.5 + 6 / 12);
    expect(retrievalEvidence(terms, candidates)).toEqual({
      coverage: 8 / 12,
      missingWeight: 4, // gamma
      margin: (top.score - next.score) / top.score,
      // top's best sentence, read with its title: alpha + beta = 8/12; next's: alpha + gamma = 6/12.
      sentenceLead: 8 / 12 - 6 / 12,
    });
    expect(retrievalEvidence(terms, [top])).toMatchObject({ margin: 1, sentenceLead: 8 / 12 });
  });
});

describe('specific words and the answerability threshold', () => {
  it('counts a word in at most 1% of the papers (or 3) as specific, that boundary included', () => {
    expect(specificTerms([term('a', 1, 10), term('b', 1, 11), term('c', 1, 3)], 1000).map((t) => t.stem)).toEqual(['a', 'c']);
    expect(specificTerms([term('c', 1, 3), term('d', 1, 4)], 100).map((t) => t.stem)).toEqual(['c']);
  });

  it('shows no closest papers when there are none, even for a question with no specific word', () => {
    expect(holdsSpecificWords([term('common', 1, 500)], [], 1000)).toBe(false);
  });

  it('answers at exactly MIN_CONFIDENCE, and a missing word of exactly RARE_WORD_WEIGHT costs', () => {
    expect(isAnswerable({ coverage: MIN_CONFIDENCE, missingWeight: 0, margin: 0, sentenceLead: 0 })).toBe(true);
    expect(isAnswerable({ coverage: MIN_CONFIDENCE - 0.01, missingWeight: 0, margin: 0, sentenceLead: 0 })).toBe(false);
    expect(isAnswerable({ coverage: 0.8, missingWeight: RARE_WORD_WEIGHT - 0.01, margin: 0, sentenceLead: 0 })).toBe(true);
    expect(isAnswerable({ coverage: 0.8, missingWeight: RARE_WORD_WEIGHT, margin: 0, sentenceLead: 0 })).toBe(false);
  });
});
