import type { Paper } from '../digest/paper.js';
import { isStopword, processTerm, WORD_SEPARATOR } from './text-analysis.js';

/** MiniSearch's default BM25 parameters (k1, b, and d, the floor a matching term adds). */
const K1 = 1.2;
const B = 0.7;
const D = 0.5;

/** A text's words as typed: lowercased, stopwords dropped, not stemmed ("models" is not "model"). */
function typedWords(text: string): string[] {
  return text
    .split(WORD_SEPARATOR)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== '' && !isStopword(word));
}

/** How many times each word occurs in a list of words. */
function counts(words: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const word of words) found.set(word, (found.get(word) ?? 0) + 1);
  return found;
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
      const holding = Math.max(1, documentFrequency(processTerm(word) ?? word));
      return [word, Math.log(1 + (size - holding + 0.5) / (holding + 0.5))] as const;
    }),
  );
  const fields = papers.map((paper) => [typedWords(paper.title), typedWords(paper.abstract)] as const);
  const averageLength = [0, 1].map((field) => fields.reduce((sum, paperFields) => sum + paperFields[field as 0 | 1].length, 0) / papers.length || 1);
  const scored = papers.map((paper, index) => {
    let score = 0;
    (fields[index] as readonly [string[], string[]]).forEach((fieldWords, field) => {
      const frequency = counts(fieldWords);
      const lengthRatio = fieldWords.length / (averageLength[field] as number);
      for (const word of words) {
        const times = frequency.get(word);
        if (times === undefined) continue;
        score += (weight.get(word) as number) * (D + (times * (K1 + 1)) / (times + K1 * (1 - B + B * lengthRatio)));
      }
    });
    return { paper, score };
  });
  return scored
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score)
    .map(({ paper }) => paper);
}
