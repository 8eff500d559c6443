import { compoundParts, processTerm, tokenize, WORD_SEPARATOR } from './text-analysis.js';

/** A content word of a question, weighted by how specific it is in the digest. */
export interface QueryTerm {
  stem: string;
  /** Stems of a CamelCase or letters-and-digits word's parts ("RingAttention" → ring, attent; "E2" → e, 2), or of what an abbreviation the papers define stands for ("MoE" → mixtur, expert): together they stand for it. */
  parts: string[];
  /** What an abbreviation the papers define stands for, as stems (also its `parts`); absent for other words. */
  longForm?: string[];
  /** Inverse document frequency (BM25's): a word few papers contain weighs most. */
  weight: number;
  /** How many papers contain it; 0 when the digest lacks the word (a typo, or a topic it does not cover). */
  documents: number;
}

/** BM25's inverse document frequency of a word in `documents` of `size` papers. */
export function inverseDocumentFrequency(documents: number, size: number): number {
  return Math.log(1 + (size - documents + 0.5) / (documents + 0.5));
}

/** The question's content words, once each, weighted by specificity. */
export function queryTermsOf(
  query: string,
  documentFrequency: (stem: string) => number,
  size: number,
  expand: (word: string) => string[] | undefined = () => undefined,
): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  for (const word of query.split(WORD_SEPARATOR)) {
    const stem = processTerm(word);
    if (stem === null || terms.has(stem)) continue;
    const split = [...compoundParts(word), ...(/^\p{L}+\d+$|^\d+\p{L}+$/u.test(word) ? word.split(/(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/u) : [])].flatMap(
      (part) => processTerm(part) ?? [],
    );
    // An abbreviation the papers define stands for its long form's words ("moe": mixture, experts).
    const longForm = split.length > 0 ? undefined : expand(word);
    const documents = documentFrequency(stem);
    terms.set(stem, { stem, parts: longForm ?? split, ...(longForm ? { longForm } : {}), weight: inverseDocumentFrequency(documents, size), documents });
  }
  return [...terms.values()];
}

/** The stems of a text, CamelCase parts included ("RingAttention" gives ringattent, ring, attent). */
export function stemsOf(text: string): Set<string> {
  const stems = new Set<string>();
  for (const token of tokenize(text)) {
    const stem = processTerm(token);
    if (stem !== null) stems.add(stem);
  }
  return stems;
}

/**
 * Whether one stem of a text stands for the term: the word itself, the word as a prefix of a
 * longer one ("benchmark" in "benchmarking"), or, for a word the digest lacks, a spelling
 * one edit away from 6 letters ("retreival": two letters swapped), two from 9.
 */
function stemMatches(term: QueryTerm, stem: string): boolean {
  if (stem === term.stem) return true;
  if (term.stem.length >= 5 && stem.startsWith(term.stem)) return true;
  // Short words are one edit from many others ("cook" and "book"): only longer ones are read as typos.
  const typos = term.documents > 0 ? 0 : term.stem.length >= 9 ? 2 : term.stem.length >= 6 ? 1 : 0;
  return typos > 0 && withinEdits(term.stem, stem, typos);
}

/** Whether a text's stems (one or more sets) hold the term, or all of its CamelCase parts. */
export function covers(term: QueryTerm, ...stemSets: ReadonlySet<string>[]): boolean {
  return new TermMatcher([term]).coveredBy(...stemSets).has(0);
}

/**
 * Which of a question's terms texts hold. Each distinct stem is compared with the terms once
 * and remembered, so reading the sentences of twenty papers costs a lookup per word.
 */
export class TermMatcher {
  readonly terms: readonly QueryTerm[];
  readonly #total: number;
  readonly #memo = new Map<string, readonly number[]>();

  constructor(terms: readonly QueryTerm[]) {
    this.terms = terms;
    this.#total = terms.reduce((sum, term) => sum + term.weight, 0);
  }

  /** Indices of the terms the stems hold. */
  coveredBy(...stemSets: ReadonlySet<string>[]): Set<number> {
    const found = new Set<number>();
    for (const stems of stemSets) {
      for (const stem of stems) for (const index of this.#matches(stem)) found.add(index);
    }
    this.terms.forEach((term, index) => {
      if (!found.has(index) && term.parts.length > 1 && term.parts.every((part) => stemSets.some((stems) => stems.has(part)))) found.add(index);
    });
    return found;
  }

  /** The weighted share (0–1) of the terms the stems hold. */
  coverage(...stemSets: ReadonlySet<string>[]): number {
    return this.share(this.coveredBy(...stemSets));
  }

  /** The weighted share (0–1) of the terms of these indices (of one or more `coveredBy` results). */
  share(...covered: ReadonlySet<number>[]): number {
    if (this.#total === 0) return 0;
    let found = 0;
    this.terms.forEach((term, index) => {
      if (covered.some((indices) => indices.has(index))) found += term.weight;
    });
    return found / this.#total;
  }

  #matches(stem: string): readonly number[] {
    let indices = this.#memo.get(stem);
    if (indices === undefined) {
      indices = this.terms.flatMap((term, index) => (stemMatches(term, stem) ? [index] : []));
      this.#memo.set(stem, indices);
    }
    return indices;
  }
}

/** Whether two words are at most `max` insertions, deletions, substitutions or swaps of neighbours apart. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  // Optimal string alignment distance, row by row, giving up once a row exceeds `max`.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current.push(value);
    }
    if (Math.min(...current) > max) return false;
    before = previous;
    previous = current;
  }
  return (previous[b.length] as number) <= max;
}
