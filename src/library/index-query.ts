import type { Query } from 'minisearch';
import { typoEdits } from './search-options.js';
import { compoundParts, processTerm, WORD_SEPARATOR } from './text-analysis.js';

/** Digests from this size on drop very common words from queries (see focusQuery). */
const FOCUS_FROM_PAPERS = 1000;
/** A word in more than this share of papers is "very common". */
const COMMON_WORD_SHARE = 0.2;
/**
 * The most words a query reads: a longer one keeps its first MAX_QUERY_TERMS distinct words
 * (see capQuery). Each word is a lookup and a score per matching paper, so this bounds what
 * one query (a pasted abstract, a forged 3,000-character autocomplete) can cost; a typed
 * search has at most 200 characters, /ask 300, and questions use far fewer words.
 */
export const MAX_QUERY_TERMS = 32;
/**
 * The most words of a query matched with typos: the first MAX_FUZZY_TERMS words that may be
 * typos (see typoEdits); later ones must match as typed or as a prefix. A typo search walks
 * much of the vocabulary (a 200-character misspelt query cost 0.6 s without this cap).
 */
export const MAX_FUZZY_TERMS = 4;

/** The words of a text the search reads, as typed: stopwords (and separators) dropped. */
export function contentWords(text: string): string[] {
  return text.split(WORD_SEPARATOR).filter((word) => processTerm(word) !== null);
}

/**
 * The query, bounded: a query of at most MAX_QUERY_TERMS words is returned as it is; a
 * longer one as its first MAX_QUERY_TERMS distinct words (by stem, the first spelling of
 * each), stopwords dropped, separated by spaces.
 */
export function capQuery(query: string): string {
  const words = contentWords(query);
  if (words.length <= MAX_QUERY_TERMS) return query;
  const kept = new Map<string, string>();
  for (const word of words) {
    const stem = stemOf(word);
    if (!kept.has(stem)) kept.set(stem, word);
    if (kept.size === MAX_QUERY_TERMS) break;
  }
  return [...kept.values()].join(' ');
}

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
  const words = contentWords(text);
  const known = (word: string) => isKnownStem(stemOf(word));
  let typoMatches = MAX_FUZZY_TERMS;
  const leaf = (word: string, index: number): Query => {
    const query: Query = { queries: [word], prefix: prefixOf ? prefixOf(word) : word.length >= 3 && (index === words.length - 1 || !known(word)) };
    // Past the first MAX_FUZZY_TERMS words that may be typos, words match as typed.
    if (typoEdits(stemOf(word), isKnownStem) === false) return query;
    return typoMatches-- > 0 ? query : { ...query, fuzzy: false };
  };
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
 * The most index entries a question's search reads in a very large digest: the papers holding
 * each of its words, summed over its words (see focusQuery). A search scores every paper
 * holding any of its words, so this bounds what its known words cost: at 100,000 papers a
 * question of moderately common words ("benchmark", "language", "propose") held 60,000
 * entries and took 0.5 s to search. Words the digest lacks (typos) are read besides: what
 * their typo matches cost is bounded by MAX_FUZZY_TERMS, not by this.
 */
export const QUESTION_ENTRIES = 12_000;
/**
 * Digests from this size on bound a question's entries. Below, a question is fast unbounded
 * (the real digest, 12,715 papers: /ask p99 32-49 ms in the bench). Applied to the real
 * digest, the bound read fewer words for about one evaluation question in six and put one
 * right paper fewer first on the held-out halves (454 instead of 455 of 472; the train halves
 * were unchanged).
 */
export const BOUND_QUESTIONS_FROM_PAPERS = 25_000;

/**
 * The query bounded (see capQuery), then, in a large digest, without the words most papers
 * contain ("long", "context", "model"): they cost the most to search and change the ranking
 * least, so a query drops them when it has other words; a query of only such words searches
 * titles alone. Small digests are searched as typed (within the cap). `size` is the number
 * of papers indexed, `documentFrequency` stem → papers containing it.
 *
 * With a finite `entries` (a question in a very large digest, see QUESTION_ENTRIES), of the
 * digest's words only the most specific are read whose papers sum to at most `entries`,
 * each stem counted once ("KV" and "kv", "cache" and "caches"); the most specific is read
 * even when it alone holds more, and then in titles alone. Words the digest lacks are always
 * read. A question's answer reads every word again in the papers found.
 */
export function focusQuery(
  query: string,
  size: number,
  documentFrequency: ReadonlyMap<string, number>,
  entries = Number.POSITIVE_INFINITY,
): { text: string; fields?: string[] } {
  const capped = capQuery(query);
  if (size < FOCUS_FROM_PAPERS) return { text: capped };
  const words = contentWords(capped);
  const papersWith = (word: string) => documentFrequency.get(stemOf(word)) ?? 0;
  const specific = words.filter((word) => papersWith(word) <= size * COMMON_WORD_SHARE);
  if (!Number.isFinite(entries)) return specific.length > 0 ? { text: specific.join(' ') } : { text: words.join(' '), fields: ['title'] };
  const known = specific.filter((word) => papersWith(word) > 0);
  // Words the digest lacks are read besides; a CamelCase one's parts only while they fit what
  // the known words left. Lowercased, a name is one word to the index's tokenizer: its parts are not read.
  let left = entries;
  const lacking = (word: string) => {
    const parts = partsPapers(word, papersWith);
    if (parts > left) return word.toLowerCase();
    left -= parts;
    return word;
  };
  if (known.length === 0 && specific.length > 0) return { text: specific.map(lacking).join(' ') };
  const kept = mostSpecificWithin(known.length > 0 ? known : words, papersWith, entries);
  left = Math.max(0, entries - kept.entries);
  const text = words
    .flatMap((word) => {
      const reading = kept.stems.get(stemOf(word));
      if (reading !== undefined) return [reading === 'whole' ? word.toLowerCase() : word];
      return known.length > 0 && papersWith(word) === 0 ? [lacking(word)] : [];
    })
    .join(' ');
  // Only common words, or one word too common for `entries` alone: titles hold far fewer.
  return known.length > 0 && kept.entries <= entries ? { text } : { text, fields: ['title'] };
}

/**
 * The stems of these words of which only the most specific are kept whose papers sum to at
 * most `entries` (at least one), each stem counted once; and that sum. A CamelCase name's
 * parts are read too ("LongBench" also finds "long" and "bench"), and count: a name whose
 * parts would take it over the bound is read `whole`, as the name alone.
 */
function mostSpecificWithin(
  words: readonly string[],
  papersWith: (word: string) => number,
  entries: number,
): { stems: Map<string, 'as-typed' | 'whole'>; entries: number } {
  const byStem = new Map<string, { papers: number; parts: number }>();
  for (const word of words) {
    const stem = stemOf(word);
    // Spellings of one stem share its papers; a name's parts are read if any spelling has them.
    byStem.set(stem, { papers: papersWith(word), parts: Math.max(byStem.get(stem)?.parts ?? 0, partsPapers(word, papersWith)) });
  }
  const stems = new Map<string, 'as-typed' | 'whole'>();
  let read = 0;
  for (const [stem, { papers, parts }] of [...byStem].sort((a, b) => a[1].papers - b[1].papers)) {
    if (stems.size > 0 && read + papers > entries) break;
    const withParts = parts === 0 || read + papers + parts <= entries;
    stems.set(stem, withParts ? 'as-typed' : 'whole');
    read += papers + (withParts ? parts : 0);
  }
  return { stems, entries: read };
}

/** The papers holding the parts of a CamelCase name, summed (0 for any other word). */
function partsPapers(word: string, papersWith: (word: string) => number): number {
  return compoundParts(word).reduce((sum, part) => sum + (processTerm(part) === null ? 0 : papersWith(part)), 0);
}
