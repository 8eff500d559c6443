import MiniSearch, { type SearchResult } from 'minisearch';
import type { Paper } from '../digest/paper.js';
import { processTerm, WORD_SEPARATOR } from './text-analysis.js';
import { INDEX_FIELDS, TYPO_TOLERANT } from './search-options.js';

export interface IndexHit {
  key: string;
  score: number;
  /** Index terms (stems) that matched, for highlighting. */
  terms: string[];
}

/** Below this many papers matching every term, papers matching some terms are added. */
export const MIN_ALL_TERMS_HITS = 5;

/**
 * The full-text index over the papers. It stores no fields: the papers live in the
 * library, and the index maps query → keys, scores and matched terms.
 */
export class PaperIndex {
  readonly #search = new MiniSearch<Paper>({
    idField: 'key',
    fields: [...INDEX_FIELDS],
    storeFields: [],
    processTerm,
    extractField: (paper, field) => {
      switch (field) {
        case 'organization':
          return paper.organization ? `${paper.organization.id} ${paper.organization.name}` : '';
        case 'keywords':
          return paper.keywords.join(' ');
        default:
          return String(paper[field as keyof Paper] ?? '');
      }
    },
    searchOptions: TYPO_TOLERANT,
  });

  /** Stem → the shortest word seen with it, to turn suggestions back into words. */
  readonly #surfaceForms = new Map<string, string>();

  constructor(papers: Iterable<Paper> = []) {
    this.addAll(papers);
  }

  get size(): number {
    return this.#search.documentCount;
  }

  /** Adds papers incrementally; a paper already indexed is replaced. */
  addAll(papers: Iterable<Paper>): void {
    for (const paper of papers) {
      if (this.#search.has(paper.key)) this.#search.replace(paper);
      else this.#search.add(paper);
      this.#recordSurfaceForms(`${paper.title} ${paper.abstract}`);
    }
  }

  /**
   * Papers matching every query term first (best first); when fewer than
   * `MIN_ALL_TERMS_HITS` do, papers matching some of the terms follow them.
   */
  search(query: string): { hits: IndexHit[]; allTerms: number } {
    const all = this.#search.search(query, { combineWith: 'AND' }).map(toHit);
    if (all.length >= MIN_ALL_TERMS_HITS) return { hits: all, allTerms: all.length };
    const seen = new Set(all.map((hit) => hit.key));
    const some = this.#search
      .search(query, { combineWith: 'OR' })
      .map(toHit)
      .filter((hit) => !seen.has(hit.key));
    return { hits: [...all, ...some], allTerms: all.length };
  }

  /** "Did you mean" queries built from terms that exist in the index. */
  suggest(query: string, count = 3): string[] {
    return this.#search
      .autoSuggest(query, { fuzzy: 0.3, prefix: true, combineWith: 'OR' })
      .slice(0, count)
      .map((suggestion) => suggestion.terms.map((term) => this.#surfaceForms.get(term) ?? term).join(' '));
  }

  #recordSurfaceForms(text: string): void {
    for (const word of text.toLowerCase().split(WORD_SEPARATOR)) {
      const stem = processTerm(word);
      if (stem === null) continue;
      const known = this.#surfaceForms.get(stem);
      if (known === undefined || word.length < known.length) this.#surfaceForms.set(stem, word);
    }
  }
}

function toHit(result: SearchResult): IndexHit {
  return { key: String(result.id), score: result.score, terms: result.terms };
}
