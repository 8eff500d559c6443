import MiniSearch from 'minisearch';
import type { Paper } from '../digest/paper.js';
import { normalizeTitle } from '../digest/paper.js';
import { processTerm } from './text-analysis.js';

/**
 * A small index of titles alone, for autocomplete: it answers in well under a
 * millisecond at seed size and stays small as the digest grows. Exact titles rank first,
 * then titles that start with what was typed, then prefix and typo matches on words.
 */
export class TitleIndex {
  readonly #titles = new Map<string, string>(); // key → normalized title
  readonly #search = new MiniSearch<{ key: string; title: string }>({ idField: 'key', fields: ['title'], storeFields: [], processTerm });

  addAll(papers: Iterable<Paper>): void {
    for (const paper of papers) {
      const doc = { key: paper.key, title: paper.title };
      if (this.#titles.has(paper.key)) this.#search.replace(doc);
      else this.#search.add(doc);
      this.#titles.set(paper.key, normalizeTitle(paper.title));
    }
  }

  /** Keys of the papers whose titles best match `typed`. */
  suggest(typed: string, count: number): string[] {
    const wanted = normalizeTitle(typed);
    if (wanted === '') return [];
    const exact: string[] = [];
    const starts: string[] = [];
    for (const [key, title] of this.#titles) {
      if (title === wanted) exact.push(key);
      else if (title.startsWith(wanted)) starts.push(key);
    }
    const search = (combineWith: 'AND' | 'OR') =>
      this.#search
        .search(typed, {
          combineWith,
          prefix: (term) => term.length >= 2,
          fuzzy: (term) => (term.length >= 5 ? 0.25 : false),
          weights: { prefix: 0.5, fuzzy: 0.3 },
        })
        .map((result) => String(result.id));
    // Every typed word first; when no title has them all, titles with some of them.
    const all = search('AND');
    const words = all.length > 0 ? all : search('OR');
    return [...new Set([...exact, ...starts, ...words])].slice(0, count);
  }
}
