import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import type { Paper } from '../digest/paper.js';
import { normalizeTitle } from '../digest/paper.js';
import { processTerm } from './text-analysis.js';

const TITLE_INDEX_OPTIONS: Options<{ key: string; title: string }> = { idField: 'key', fields: ['title'], storeFields: [], processTerm };

/**
 * A small index of titles alone, for autocomplete: it answers in well under a
 * millisecond at seed size and stays small as the digest grows. Titles that start with
 * what was typed come first (an exact title first of all), found by binary search in a
 * sorted list; then, from 3 characters, prefix and typo matches on title words.
 */
export class TitleIndex {
  readonly #titles = new Map<string, string>(); // key → normalized title
  /** [normalized title, key], sorted by title, for prefix ranges by binary search. */
  #sorted: [string, string][] | null = null;
  readonly #search: MiniSearch<{ key: string; title: string }>;

  constructor(snapshot?: AsPlainObject, papers: Iterable<Paper> = []) {
    this.#search = snapshot ? MiniSearch.loadJS(snapshot, TITLE_INDEX_OPTIONS) : new MiniSearch(TITLE_INDEX_OPTIONS);
    // A snapshot has the word index; the sorted titles are rebuilt from the papers.
    for (const paper of papers) this.#titles.set(paper.key, normalizeTitle(paper.title));
  }

  toSnapshot(): AsPlainObject {
    return this.#search.toJSON();
  }

  addAll(papers: Iterable<Paper>): void {
    for (const paper of papers) {
      const doc = { key: paper.key, title: paper.title };
      if (this.#titles.has(paper.key)) this.#search.replace(doc);
      else this.#search.add(doc);
      this.#titles.set(paper.key, normalizeTitle(paper.title));
    }
    this.#sorted = null;
  }

  /** Keys of the titles that start with `prefix` (an exact title first), at most `count`. */
  #startingWith(prefix: string, count: number): string[] {
    this.#sorted ??= [...this.#titles].map(([key, title]): [string, string] => [title, key]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const sorted = this.#sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] as [string, string])[0] < prefix) low = middle + 1;
      else high = middle;
    }
    const keys: string[] = [];
    for (let i = low; i < sorted.length && keys.length < count && (sorted[i] as [string, string])[0].startsWith(prefix); i++)
      keys.push((sorted[i] as [string, string])[1]);
    return keys;
  }

  /** Keys of the papers whose titles best match `typed`. */
  suggest(typed: string, count: number): string[] {
    const wanted = normalizeTitle(typed);
    if (wanted === '') return [];
    // Sorted order puts an exact title first among those it prefixes.
    const starts = this.#startingWith(wanted, count);
    if (starts.length >= count || wanted.length < 3) return starts;
    const search = (combineWith: 'AND' | 'OR') =>
      this.#search
        .search(typed, {
          combineWith,
          prefix: (term, index, terms) => term.length >= 2 && index === terms.length - 1,
          fuzzy: (term) => (term.length >= 5 ? 0.25 : false),
          weights: { prefix: 0.5, fuzzy: 0.3 },
        })
        .map((result) => String(result.id));
    // Every typed word first; when no title has them all, titles with some of them.
    const all = search('AND');
    const words = all.length > 0 ? all : search('OR');
    return [...new Set([...starts, ...words])].slice(0, count);
  }
}
