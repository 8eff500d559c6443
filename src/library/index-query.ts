import type { Query } from 'minisearch';
import { compoundParts, processTerm, WORD_SEPARATOR } from './text-analysis.js';

/** Digests from this size on drop very common words from queries (see focusQuery). */
const FOCUS_FROM_PAPERS = 1000;
/** A word in more than this share of papers is "very common". */
const COMMON_WORD_SHARE = 0.2;

/** A query word's index term ("" for a stopword). */
export function stemOf(word: string): string {
  return processTerm(word) ?? '';
}

/**
 * The query as a MiniSearch expression, one group per word, where a joined name and its
 * parts stand for each other: "RingAttention" matches "Ring Attention" too, and the
 * adjacent words "long rope" also match the digest word "LongRoPE". `prefixOf` overrides
 * which words are read as prefixes (by default the last one and unknown ones).
 * `isKnownStem` tells the digest's words (its vocabulary of stems).
 */
export function compoundQuery(text: string, combineWith: 'AND' | 'OR', isKnownStem: (stem: string) => boolean, prefixOf?: (word: string) => boolean): Query {
  const words = text.split(WORD_SEPARATOR).filter((word) => processTerm(word) !== null);
  const known = (word: string) => isKnownStem(stemOf(word));
  const leaf = (word: string, index: number): Query => ({
    queries: [word],
    prefix: prefixOf ? prefixOf(word) : word.length >= 3 && (index === words.length - 1 || !known(word)),
  });
  const groups: Query[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const next = words[index + 1];
    const parts = compoundParts(word).filter((part) => processTerm(part) !== null);
    if (next !== undefined && known(word + next)) {
      groups.push({
        combineWith: 'OR',
        queries: [{ combineWith: 'AND', queries: [leaf(word, index), leaf(next, index + 1)] }, leaf(word + next, index + 1)],
      });
      index++;
    } else if (parts.length > 1) {
      groups.push({ combineWith: 'OR', queries: [leaf(word, index), { combineWith: 'AND', queries: parts.map((part) => leaf(part, index)) }] });
    } else groups.push(leaf(word, index));
  }
  return { combineWith, queries: groups };
}

/**
 * In a large digest, words that most papers contain ("long", "context", "model") cost the
 * most to search and change the ranking least, so a query drops them when it has other
 * words; a query of only such words searches titles alone. Small digests are searched
 * as typed. `size` is the number of papers indexed, `documentFrequency` stem → papers
 * containing it.
 */
export function focusQuery(query: string, size: number, documentFrequency: ReadonlyMap<string, number>): { text: string; fields?: string[] } {
  if (size < FOCUS_FROM_PAPERS) return { text: query };
  const words = query.split(WORD_SEPARATOR).filter((word) => processTerm(word) !== null);
  const common = (word: string) => (documentFrequency.get(processTerm(word) as string) ?? 0) > size * COMMON_WORD_SHARE;
  const specific = words.filter((word) => !common(word));
  if (specific.length > 0) return { text: specific.join(' ') };
  return { text: words.join(' '), fields: ['title'] };
}
