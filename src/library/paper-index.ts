import MiniSearch, { type Options, type Query, type SearchOptions, type SearchResult } from 'minisearch';
import type { Paper } from '../digest/paper.js';
import { isChatter, processTerm, tokenize, WORD_SEPARATOR } from './text-analysis.js';
import { AbbreviationTable } from './abbreviation-table.js';
import { compactPostings } from './compact-postings.js';
import { paperIndexRecords, PaperIndexRestore, type PaperIndexParts } from './paper-index-records.js';
import type { SnapshotRecord } from './snapshot-records.js';
import { BOUND_QUESTIONS_FROM_PAPERS, compoundQuery, focusQuery, MAX_FUZZY_TERMS, QUESTION_ENTRIES, stemOf } from './index-query.js';
import { FIELD_BOOST, fieldText, INDEX_FIELDS, indexedText, typoTolerance, type IndexField } from './search-options.js';
import { similarPapers } from './similar-papers.js';

/**
 * What a snapshot's terms were made with. Bump when the tokenizer or term processing
 * changes: an index of old terms would silently miss new ones, so it is refused and rebuilt.
 * 3: snapshots carry the abbreviation table.
 */
const TERM_FORMAT = 3;

/**
 * Told each word MiniSearch indexes and its stem, while PaperIndex.addAll adds a paper
 * (null otherwise: searches call the same processTerm). addAll learns a paper's stems and
 * words from MiniSearch's own pass over its text instead of tokenizing and stemming it again,
 * which cost a sixth of a cold build. Adding is synchronous, so one hook serves every index.
 */
let onIndexedTerm: ((word: string, stem: string) => void) | null = null;

const PAPER_INDEX_OPTIONS: Options<Paper> = {
  idField: 'key',
  fields: [...INDEX_FIELDS],
  storeFields: [],
  tokenize,
  processTerm: (word) => {
    const stem = processTerm(word);
    if (stem !== null && onIndexedTerm !== null) onIndexedTerm(word, stem);
    return stem;
  },
  extractField: (paper, field) => fieldText(paper, field as IndexField),
  searchOptions: { boost: FIELD_BOOST },
};

export interface IndexHit {
  key: string;
  score: number;
  /** Index terms (stems) that matched, for highlighting. */
  terms: string[];
}

/** Below this many papers matching every term, papers matching some terms are added. */
const MIN_ALL_TERMS_HITS = 3;
/**
 * The most specific words of a question the plain ranking reads (see plainSearch). 16, not
 * 8: on the train halves of the second writers' sets (tidy2, casual2) long paraphrases put
 * 2 more right papers first (395 → 397 of 413 over every train half); 24 or every word gained nothing more.
 */
const PLAIN_QUERY_WORDS = 16;
/** Partial matches scoring under this share of the best score are noise, not results. */
const PARTIAL_MATCH_MIN_SHARE = 0.25;

/**
 * The full-text index over the papers. It stores no fields: the papers live in the
 * library, and the index maps query → keys, scores and matched terms.
 */
export class PaperIndex {
  readonly #search: MiniSearch<Paper>;

  /** Stem → the shortest word seen with it: the vocabulary, and a way back from stems to words. */
  readonly #surfaceForms: Map<string, string>;
  /** Stem → number of papers containing it, to tell specific words from common ones. */
  readonly #documentFrequency: Map<string, number>;
  /** Abbreviations the papers define ("Mixture-of-Experts (MoE)"), for questions that use either form. */
  readonly #abbreviations: AbbreviationTable;

  /** Indexes the papers; or, with the parts of a restored snapshot (see restore), starts from them. */
  constructor(papers: Iterable<Paper> = [], restored?: PaperIndexParts<Paper>) {
    // Postings as PostingLists, not Maps: a third of the heap a Map index takes (compact-postings.ts).
    this.#search = compactPostings(restored?.search ?? new MiniSearch<Paper>(PAPER_INDEX_OPTIONS));
    this.#surfaceForms = restored?.surfaceForms ?? new Map();
    this.#documentFrequency = restored?.documentFrequency ?? new Map();
    this.#abbreviations = restored?.abbreviations ?? new AbbreviationTable();
    this.addAll(papers);
  }

  /**
   * Everything needed to restore this index without re-reading the papers' text, as records
   * produced one at a time (see paper-index-records.ts). Read them after settled(), while
   * nothing is added.
   */
  records(): Generator<SnapshotRecord> {
    return paperIndexRecords(this.#parts(), TERM_FORMAT);
  }

  /** What this index holds, as its records and a join read it (the live Maps, not copies). */
  #parts(): PaperIndexParts<Paper> {
    return { search: this.#search, surfaceForms: this.#surfaceForms, documentFrequency: this.#documentFrequency, abbreviations: this.#abbreviations };
  }

  /** Takes an index's records one at a time; its finish() gives the parts for the constructor. */
  static restore(): PaperIndexRestore<Paper> {
    return new PaperIndexRestore(PAPER_INDEX_OPTIONS, TERM_FORMAT);
  }

  /**
   * Takes the records of an index built elsewhere (another thread) from papers this one lacks,
   * one at a time, and joins them to this one as if those papers had been added after its own
   * (see PaperIndexRestore). Call its finish() at the end. Nothing may be added meanwhile; a
   * throw leaves this index half joined, to be dropped.
   */
  append(): PaperIndexRestore<Paper> {
    return new PaperIndexRestore(PAPER_INDEX_OPTIONS, TERM_FORMAT, this.#parts());
  }

  /**
   * Resolves once no record a replaced paper left behind remains in the index. MiniSearch
   * removes them later: in batches with pauses between them (its auto-vacuum, outside addAll),
   * or one by one when a search meets them. A snapshot written a record at a time, with searches
   * answered between records, must not read the index while either changes it; so this cleans
   * up what is left (a vacuum) and waits for it.
   */
  async settled(): Promise<void> {
    while (this.#search.isVacuuming || this.#search.dirtCount > 0) await this.#search.vacuum();
  }

  /** True while that clean-up runs (see settled). */
  get cleaningUp(): boolean {
    return this.#search.isVacuuming;
  }

  get size(): number {
    return this.#search.documentCount;
  }

  /**
   * Adds papers incrementally; a paper already indexed is replaced. `previousOf` gives the
   * record a replaced paper was indexed with, so the document frequencies follow the words a
   * merged record brings (a keyword, an organization) or drops; without it, a replaced paper's
   * words keep the counts they had.
   */
  addAll(papers: Iterable<Paper>, previousOf: (key: string) => Paper | undefined = () => undefined): void {
    for (const paper of papers) {
      const known = this.#search.has(paper.key);
      const stems = new Set<string>();
      onIndexedTerm = (word, stem) => this.#recordTerm(word.toLowerCase(), stem, stems);
      try {
        if (known) this.#search.replace(paper);
        else this.#search.add(paper);
      } finally {
        onIndexedTerm = null;
      }
      const previous = known ? previousOf(paper.key) : undefined;
      if (!known) this.#abbreviations.add(definitionText(paper));
      else if (previous) {
        this.#abbreviations.remove(definitionText(previous));
        this.#abbreviations.add(definitionText(paper));
      }
      if (!known) for (const stem of stems) this.#countDocuments(stem, 1);
      else if (previous) {
        const before = this.#recordTerms(indexedText(previous));
        for (const stem of stems) if (!before.has(stem)) this.#countDocuments(stem, 1);
        for (const stem of before) if (!stems.has(stem)) this.#countDocuments(stem, -1);
      }
    }
  }

  #countDocuments(stem: string, change: number): void {
    const count = (this.#documentFrequency.get(stem) ?? 0) + change;
    if (count > 0) this.#documentFrequency.set(stem, count);
    else this.#documentFrequency.delete(stem);
  }

  /**
   * Papers matching every query term first (best first); when fewer than
   * `MIN_ALL_TERMS_HITS` do, the better papers matching some of the terms follow them.
   * With `anyTerm`, every paper matching some of the terms, best first.
   */
  search(query: string, anyTerm = false): { hits: IndexHit[]; allTerms: number } {
    const { text, fields } = this.#focusQuery(query, anyTerm ? this.#questionEntries : Number.POSITIVE_INFINITY);
    const known = (term: string) => this.#surfaceForms.has(term);
    // The query is split into words by #compoundQuery: each leaf holds one word, as typed.
    const options: SearchOptions = { ...typoTolerance(known), tokenize: (word) => [word], ...(fields ? { fields } : {}) };
    // A question is typed out in full: only words the digest lacks are read as prefixes.
    const prefixOf = anyTerm ? (word: string) => word.length >= 3 && !known(stemOf(word)) : undefined;
    const run = (combineWith: 'AND' | 'OR') => this.#search.search(this.#compoundQuery(text, combineWith, prefixOf), options).map(toHit);
    // Questions skip the all-words pass (they rarely match every word, and BM25 already ranks
    // papers with more of the words higher) and the score floor: the answer reranks them by
    // more than the scores, and a paper holding only the rarest word must not be cut here.
    if (anyTerm) return { hits: run('OR'), allTerms: 0 };
    const all = run('AND');
    if (all.length >= MIN_ALL_TERMS_HITS) return { hits: all, allTerms: all.length };
    const seen = new Set(all.map((hit) => hit.key));
    const partial = run('OR');
    const floor = Math.max(all[0]?.score ?? 0, partial[0]?.score ?? 0) * PARTIAL_MATCH_MIN_SHARE;
    const some = partial.filter((hit) => !seen.has(hit.key) && hit.score >= floor);
    return { hits: [...all, ...some], allTerms: all.length };
  }

  /** The query as a MiniSearch expression (see compoundQuery, index-query.ts). */
  #compoundQuery(text: string, combineWith: 'AND' | 'OR', prefixOf?: (word: string) => boolean): Query {
    return compoundQuery(text, combineWith, (stem) => this.#surfaceForms.has(stem), prefixOf);
  }

  /** How many index entries a question's search may read (see QUESTION_ENTRIES): bounded in a large digest only. */
  get #questionEntries(): number {
    return this.size >= BOUND_QUESTIONS_FROM_PAPERS ? QUESTION_ENTRIES : Number.POSITIVE_INFINITY;
  }

  /** The query without the words most papers contain, in a large digest (see focusQuery, index-query.ts). */
  #focusQuery(query: string, entries = Number.POSITIVE_INFINITY): { text: string; fields?: string[] } {
    return focusQuery(query, this.size, this.#documentFrequency, entries);
  }

  /** Keys of papers whose titles contain every typed word (the last as a prefix, long ones with a typo), or else some of them. */
  searchTitles(typed: string, count: number): string[] {
    // Very common words ("long", "model") cost the most and narrow the least; as in search,
    // large digests leave them out, and a lone letter is still being typed.
    const { text } = this.#focusQuery(typed);
    if (text.replace(/[^\p{L}\p{N}]/gu, '').length < 2) return [];
    const search = (combineWith: 'AND' | 'OR') =>
      this.#search
        .search(text, {
          fields: ['title'],
          combineWith,
          prefix: (term, index, terms) => term.length >= 2 && index === terms.length - 1,
          // Typos in the first MAX_FUZZY_TERMS long words only: a typo search walks much of the vocabulary.
          fuzzy: (term, index, terms) => (term.length >= 5 && terms.slice(0, index).filter((t) => t.length >= 5).length < MAX_FUZZY_TERMS ? 0.25 : false),
          weights: { prefix: 0.5, fuzzy: 0.3 },
        })
        .slice(0, count)
        .map((result) => String(result.id));
    const all = search('AND');
    return all.length > 0 ? all : search('OR');
  }

  /**
   * "Did you mean" queries: each query word replaced by the digest word closest to it (by
   * edit distance and how much it matters in the digest). A one-word query gets up to
   * `count` alternatives; a longer one gets its best correction.
   */
  suggest(query: string, count = 3): string[] {
    const words = query.split(WORD_SEPARATOR).filter((word) => processTerm(word) !== null);
    const alternatives = words.map((word) => this.#closestWords(word));
    if (alternatives.some((list) => list.length === 0)) return [];
    if (alternatives.length === 1) return (alternatives[0] as string[]).slice(0, count);
    return [alternatives.map((list) => list[0]).join(' ')];
  }

  #closestWords(word: string): string[] {
    const scores = new Map<string, number>();
    for (const result of this.#search.search(word, { fuzzy: 0.4, maxFuzzy: 3, prefix: true, weights: { fuzzy: 1, prefix: 0.5 } })) {
      for (const term of result.terms) scores.set(term, (scores.get(term) ?? 0) + result.score);
    }
    return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([term]) => this.#surfaceForms.get(term) ?? term);
  }

  /** The distinct stems of a text; each word also joins the vocabulary (which only grows). */
  #recordTerms(text: string): Set<string> {
    const stems = new Set<string>();
    for (const token of tokenize(text)) {
      const word = token.toLowerCase();
      const stem = processTerm(word);
      if (stem !== null) this.#recordTerm(word, stem, stems);
    }
    return stems;
  }

  /** A word (lowercased) of a text and its stem: the stem joins `stems`, the word the vocabulary. */
  #recordTerm(word: string, stem: string, stems: Set<string>): void {
    const known = this.#surfaceForms.get(stem);
    if (known === undefined || word.length < known.length) this.#surfaceForms.set(stem, word);
    stems.add(stem);
  }

  /** How many papers contain a stem (0 for a word the digest lacks). */
  documentFrequency(stem: string): number {
    return this.#documentFrequency.get(stem) ?? 0;
  }

  /**
   * The most specific words of a text: stems that occur in the digest but in few papers,
   * rarest first. Chatter and words unknown to the digest carry no signal and are dropped.
   */
  keyTerms(text: string, count: number, minDocuments = 1): string[] {
    const stems = new Set(
      text
        .toLowerCase()
        .split(WORD_SEPARATOR)
        .filter((word) => !isChatter(word))
        .flatMap((word) => processTerm(word) ?? []),
    );
    const size = Math.max(1, this.size);
    const useful = (stem: string) => {
      const documents = this.#documentFrequency.get(stem) ?? 0;
      return stem.length >= 2 && documents >= minDocuments && documents < size * 0.5;
    };
    return [...stems]
      .filter(useful)
      .sort((a, b) => (this.#documentFrequency.get(a) ?? 0) - (this.#documentFrequency.get(b) ?? 0) || a.localeCompare(b))
      .slice(0, count)
      .map((stem) => this.#surfaceForms.get(stem) ?? stem);
  }

  /** The stems of what an abbreviation stands for in the papers ("moe" → mixtur, expert), or undefined. */
  expandAbbreviation(word: string): string[] | undefined {
    return this.#abbreviations.expand(word);
  }

  /**
   * The plain full-text ranking of a question: its words, any of them, BM25 with every
   * field counted alike (no title boost, no prefixes, no typo guesses), the first `limit`.
   * The answer fuses it with its own ranking: a paraphrase shares the abstract's words more
   * than the title's, and boosting titles then favours papers that merely name the topic.
   * `question`: bounded as a question's search() is in a very large digest (QUESTION_ENTRIES);
   * a long /search reads it unbounded.
   */
  plainSearch(query: string, limit: number, question = false): IndexHit[] {
    // Very common words (in over 20% of a large digest's papers) are dropped, and of a long
    // question only the PLAIN_QUERY_WORDS most specific words are read: common words change
    // BM25's order little and make an any-word search score most of the digest. Unbounded,
    // a query of only common words reads all of them, in every field.
    const entries = question ? this.#questionEntries : Number.POSITIVE_INFINITY;
    const { text, fields } = this.#focusQuery(query, entries);
    const words = text.split(WORD_SEPARATOR).filter((word) => processTerm(word) !== null);
    const documents = (word: string) => this.#documentFrequency.get(processTerm(word) ?? '') ?? 0;
    const specific = words.length <= PLAIN_QUERY_WORDS ? words : [...words].sort((a, b) => documents(a) - documents(b)).slice(0, PLAIN_QUERY_WORDS);
    const inTitles = fields && Number.isFinite(entries) ? { fields } : {};
    return this.#search
      .search(specific.join(' '), { combineWith: 'OR', boost: {}, ...inTitles })
      .slice(0, limit)
      .map(toHit);
  }

  /** Keys of the papers most like this one, by cosine similarity of TF-IDF vectors (see similarPapers, similar-papers.ts). */
  similar(paper: Paper, count: number, lookup: (key: string) => Paper | undefined): string[] {
    const index = {
      search: this.#search,
      documentFrequency: this.#documentFrequency,
      keyTerms: (text: string, count: number, minDocuments: number) => this.keyTerms(text, count, minDocuments),
    };
    return similarPapers(index, paper, count, lookup);
  }
}

/** The text a paper defines its abbreviations in (the full stop keeps the title from running into the abstract's first words). */
function definitionText(paper: Paper): string {
  return `${paper.title}. ${paper.abstract}`;
}

function toHit(result: SearchResult): IndexHit {
  return { key: String(result.id), score: result.score, terms: result.terms };
}
