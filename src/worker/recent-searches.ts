import type { Library, SortOrder } from '../library/library.js';
import type { SearchResults } from '../library/library-search.js';

/** What a page of a search is cut from. */
export interface ComputedSearch extends SearchResults {
  /** Whether some results match only some of the words. */
  partial: boolean;
}

/** The request fields that decide a search's results (the page and its size do not). */
interface SearchKey {
  query: string;
  sort: SortOrder;
  since: string | null;
}

/** How many searches are kept: one is up to 1,000 hits that point at papers the library holds anyway. */
const KEPT_SEARCHES = 32;

/**
 * The searches the worker ran last, so that a page of one (Next, Previous) is a lookup, not
 * the same search again: paging is cheap work, and waits in the interactive lane. Emptied
 * whenever the library changes (see LibraryService), so a page never comes from older papers.
 */
export class RecentSearches {
  /** By key, least recently used first. */
  readonly #entries = new Map<string, ComputedSearch>();

  constructor(private readonly capacity = KEPT_SEARCHES) {}

  /** Whether this search is kept; false for anything that is not a search request (arguments as sent). */
  has(request: unknown): boolean {
    const key = keyOf(request);
    return key !== null && this.#entries.has(key);
  }

  /** The kept search, or the library's answer to it (then kept). */
  get(library: Library, request: SearchKey): ComputedSearch {
    const key = keyOf(request) as string;
    const kept = this.#entries.get(key);
    if (kept) {
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept;
    }
    const { hits, total, suggestions } = library.search({ query: request.query, sort: request.sort, since: request.since });
    const computed = { hits, total, suggestions, partial: hits.some((hit) => !hit.matchedAll) };
    this.#entries.set(key, computed);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    return computed;
  }

  clear(): void {
    this.#entries.clear();
  }
}

function keyOf(request: unknown): string | null {
  if (typeof request !== 'object' || request === null) return null;
  const { query, sort, since } = request as Partial<SearchKey>;
  return JSON.stringify([query, sort, since]);
}
