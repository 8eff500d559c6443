import type { Paper } from '../digest/paper.js';
import { fuseRankings } from './fuse-rankings.js';
import { contentWords } from './index-query.js';
import type { IndexHit, PaperIndex } from './paper-index.js';
import { byUpvotes, type PaperOrder } from './paper-order.js';
import { queryTerms } from './text-analysis.js';

export const SORT_ORDERS = ['relevance', 'newest', 'upvotes'] as const;
/** At most this many results per search: the first of all matches in the asked order. */
const MAX_HITS = 1000;
/**
 * A /search of this many content words or more reads like a description ("sparse attention
 * for long video generation"), not keywords: its first FUSED_HITS results fuse the usual
 * ranking (every word first, titles boosted) with the plain one (any word, BM25, fields
 * alike), as /ask does, since a description rarely repeats a title's words.
 */
const FUSE_FROM_WORDS = 5;
const FUSED_HITS = 50;
/** RRF's k for a long /search (see fuse-rankings.ts): 60, the usual value. /ask fuses with its own (answer-question.ts). */
export const FUSION_K = 60;
/**
 * "Did you mean" is offered for queries of at most this many words. Each word costs a wide
 * typo search of the vocabulary (up to three edits), and a long query that matches nothing
 * at all is noise or an attack: correcting 25 misspelt words cost 0.7 s and helped nobody.
 */
export const MAX_SUGGESTED_WORDS = 4;

type RankedIndexHit = IndexHit & { matchedAll: boolean };

/** The index's hits, each marked whether it holds every word (the first `allTerms`). */
function markAllTerms({ hits, allTerms }: { hits: IndexHit[]; allTerms: number }): RankedIndexHit[] {
  return hits.map((hit, position) => ({ ...hit, matchedAll: position < allTerms }));
}

/**
 * The first FUSED_HITS of the usual ranking and of the plain one, by reciprocal rank, then the
 * rest of the usual ranking. A paper the usual ranking has (in its first FUSED_HITS or
 * further down) keeps the usual hit: its matched terms and whether it holds every word.
 */
function fuseWithPlainRanking(found: { hits: IndexHit[]; allTerms: number }, plain: IndexHit[]): RankedIndexHit[] {
  const usual = markAllTerms(found);
  const usualByKey = new Map(usual.map((hit) => [hit.key, hit]));
  const head = fuseRankings<RankedIndexHit>(
    [
      { items: usual.slice(0, FUSED_HITS), weight: 1 },
      { items: plain.map((hit) => ({ ...hit, matchedAll: false })), weight: 1 },
    ],
    (hit) => hit.key,
    FUSION_K,
  ).map(({ item, score }) => ({ ...(usualByKey.get(item.key) ?? item), score }));
  const fused = new Set(head.map((hit) => hit.key));
  return [...head, ...usual.slice(FUSED_HITS).filter((hit) => !fused.has(hit.key))];
}

export type SortOrder = (typeof SORT_ORDERS)[number];

export interface SearchRequest {
  query: string;
  sort?: SortOrder;
  /** Only papers published on or after this `YYYY-MM-DD` day. */
  since?: string | null;
  /** Rank papers with any of the words (questions), skipping the every-word pass. */
  anyTerm?: boolean;
  /**
   * Relevance order only: of the first `MAX_HITS` matches, keep just the first `first` that
   * pass `where` (a question keeps its first 50 allowed papers). Hit objects are built for
   * those alone; `total` still counts every match.
   */
  keep?: { first: number; where: (paper: Paper) => boolean };
}

export interface SearchHit {
  paper: Paper;
  score: number;
  /** Stemmed index terms that matched, for highlighting. */
  terms: string[];
  /** False for papers that match only some of the query's terms. */
  matchedAll: boolean;
}

export interface SearchResults {
  /** The first `MAX_HITS` matches in the asked order. */
  hits: SearchHit[];
  /** Every paper that matches, `since` applied: more than `hits` holds for a common word. */
  total: number;
  /** "Did you mean" queries, filled when nothing matched a search (never for a question, `anyTerm`). */
  suggestions: string[];
}

/** What a search reads of the library (see Library.search). */
export interface SearchedLibrary {
  index: PaperIndex;
  papers: ReadonlyMap<string, Paper>;
  /** Every paper's key, newest first. */
  newest: PaperOrder;
}

/**
 * The papers that match a query, `since` applied: the first `MAX_HITS` of all of them in the
 * asked order, and how many there are. Nobody pages past the first thousand, and building
 * hit objects for 50,000 matches of a common word costs more than the search itself; but
 * "newest" and "upvotes" choose from every match, not from the thousand most relevant.
 */
export function searchLibrary(library: SearchedLibrary, { query, sort = 'relevance', since = null, anyTerm = false, keep }: SearchRequest): SearchResults {
  const found = library.index.search(query, anyTerm);
  const longQuery = !anyTerm && sort === 'relevance' && queryTerms(query).length >= FUSE_FROM_WORDS;
  // The words "did you mean" corrects, one by one (see PaperIndex.suggest). Not for a question:
  // the answer never shows them, and each word's typo search reads much of the index.
  const suggest = () => (!anyTerm && contentWords(query).length <= MAX_SUGGESTED_WORDS ? library.index.suggest(query) : []);
  // Only a long query's fused head is built as new objects; otherwise a hit holds every word
  // when it comes before `allTerms`, read as each hit is kept.
  const indexHits: readonly (IndexHit & { matchedAll?: boolean })[] = longQuery
    ? fuseWithPlainRanking(found, library.index.plainSearch(query, FUSED_HITS))
    : found.hits;
  const passes = (paper: Paper | undefined): paper is Paper => paper !== undefined && (!since || (paper.publishedAt !== null && paper.publishedAt >= since));
  const toHit = (paper: Paper, position: number): SearchHit => {
    const hit = indexHits[position] as (typeof indexHits)[number];
    return { paper, score: hit.score, terms: hit.terms, matchedAll: hit.matchedAll ?? position < found.allTerms };
  };
  const hits: SearchHit[] = [];
  if (sort === 'relevance') {
    const first = keep?.first ?? MAX_HITS;
    let total = 0;
    for (let position = 0; position < indexHits.length; position++) {
      // Without `since` every match counts (the index holds only the library's papers): the
      // rest need not be looked up once enough are kept.
      if (!since && (total >= MAX_HITS || hits.length >= first)) {
        total = indexHits.length;
        break;
      }
      const paper = library.papers.get((indexHits[position] as (typeof indexHits)[number]).key);
      if (!passes(paper)) continue;
      total++;
      if (total <= MAX_HITS && hits.length < first && (!keep || keep.where(paper))) hits.push(toHit(paper, position));
    }
    return { hits, total, suggestions: total === 0 ? suggest() : [] };
  }
  // Every match (its position in the relevance order, by key), to choose from all of them.
  const matches = new Map<string, number>();
  for (let position = 0; position < indexHits.length; position++) {
    const { key } = indexHits[position] as (typeof indexHits)[number];
    if (passes(library.papers.get(key))) matches.set(key, position);
  }
  const papers = sort === 'newest' ? newestOf(library, matches) : mostUpvotedOf(library, matches);
  for (const paper of papers) hits.push(toHit(paper, matches.get(paper.key) as number));
  return { hits, total: matches.size, suggestions: matches.size === 0 ? suggest() : [] };
}

/** The first `MAX_HITS` of these papers, newest first: the order the library keeps, read until they are found. */
function newestOf(library: SearchedLibrary, keys: ReadonlyMap<string, unknown>): Paper[] {
  const found: Paper[] = [];
  if (keys.size === 0) return found;
  for (const key of library.newest.keys()) {
    if (!keys.has(key)) continue;
    found.push(library.papers.get(key) as Paper);
    if (found.length === MAX_HITS || found.length === keys.size) break;
  }
  return found;
}

/**
 * The `MAX_HITS` most upvoted of these papers, in byUpvotes' order. Only the papers with at
 * least the upvotes of the `MAX_HITS`-th are sorted: finding that count sorts plain numbers.
 */
function mostUpvotedOf(library: SearchedLibrary, keys: ReadonlyMap<string, unknown>): Paper[] {
  const papers = [...keys.keys()].map((key) => library.papers.get(key) as Paper);
  const upvotes = (paper: Paper) => paper.upvotes ?? -1;
  if (papers.length > MAX_HITS) {
    const counts = Float64Array.from(papers, upvotes).sort();
    const threshold = counts[counts.length - MAX_HITS] as number;
    return papers
      .filter((paper) => upvotes(paper) >= threshold)
      .sort(byUpvotes)
      .slice(0, MAX_HITS);
  }
  return papers.sort(byUpvotes);
}
