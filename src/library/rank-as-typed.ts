import type { Paper } from '../digest/paper.js';
import { contentWords } from './index-query.js';
import { stemWord } from './text-analysis.js';

/** MiniSearch's default BM25 parameters (k1, b, and d, the floor a matching term adds). */
const K1 = 1.2;
const B = 0.7;
const D = 0.5;

/** A text's words as typed: lowercased, stopwords dropped, not stemmed ("models" is not "model"). */
function typedWords(text: string): string[] {
  return contentWords(text).map((word) => word.toLowerCase());
}

/** One field of a paper: how many times each of its words occurs, and how many words it has. */
interface FieldWords {
  counts: Map<string, number>;
  length: number;
}

function fieldWords(text: string): FieldWords {
  const words = typedWords(text);
  const counts = new Map<string, number>();
  for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  return { counts, length: words.length };
}

/**
 * Ranks a few papers (the candidates the index rankings found) by BM25 over their title and
 * abstract, reading the question's words as typed: not stemmed, every field alike, each field
 * scored on its own with MiniSearch's BM25 parameters. It is modelled on plain MiniSearch with
 * default options, which on questions from writers who never saw the code often put the right
 * paper first where the stemmed index rankings did not ("refining the big ones" against
 * "refine"), and computed over the candidates only: a second index of the digest's words as
 * typed would cost as much memory again. It differs from MiniSearch's ranking in that
 * stopwords are dropped, a word's rarity is its stem's in any field (`documentFrequency(stem)`
 * papers of `size` hold it), field lengths are measured against the candidates' average, and
 * no score is multiplied by the number of question words a paper holds. Papers holding none
 * of the words are left out.
 */
export function rankAsTyped(question: string, papers: readonly Paper[], documentFrequency: (stem: string) => number, size: number): Paper[] {
  const words = [...new Set(typedWords(question))];
  if (words.length === 0 || papers.length === 0) return [];
  const weight = new Map(
    words.map((word) => {
      const holding = Math.max(1, documentFrequency(stemWord(word)));
      return [word, Math.log(1 + (size - holding + 0.5) / (holding + 0.5))] as const;
    }),
  );
  const titles = papers.map((paper) => fieldWords(paper.title));
  const abstracts = papers.map((paper) => fieldWords(paper.abstract));
  const averageLength = (fields: readonly FieldWords[]) => fields.reduce((sum, field) => sum + field.length, 0) / fields.length || 1;
  const [titleAverage, abstractAverage] = [averageLength(titles), averageLength(abstracts)];
  /** BM25 of the question's words in one field, its length measured against that field's average. */
  const fieldScore = ({ counts, length }: FieldWords, average: number) => {
    let score = 0;
    for (const word of words) {
      const times = counts.get(word);
      if (times !== undefined) score += (weight.get(word) as number) * (D + (times * (K1 + 1)) / (times + K1 * (1 - B + (B * length) / average)));
    }
    return score;
  };
  const scored = papers.map((paper, index) => ({
    paper,
    score: fieldScore(titles[index] as FieldWords, titleAverage) + fieldScore(abstracts[index] as FieldWords, abstractAverage),
  }));
  return scored
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .map(({ paper }) => paper);
}
