import type { Paper } from '../digest/paper.js';
import { normalizeTitle } from '../digest/paper.js';

/**
 * Title lookup for autocomplete. Titles that start with what was typed come first (an
 * exact title first of all), found by binary search in a sorted list, so short prefixes
 * stay fast at any digest size; from 3 characters, word matches with prefixes and typos
 * (from the paper index's title field) follow.
 */
export class TitleIndex {
  readonly #titles = new Map<string, string>(); // key → normalized title
  /** [normalized title, key], sorted by title; rebuilt lazily after additions. */
  #sorted: [string, string][] | null = null;

  add(paper: Paper): void {
    this.#titles.set(paper.key, normalizeTitle(paper.title));
    this.#sorted = null;
  }

  /** Keys of the papers whose titles best match `typed`; `searchWords` finds title-word matches. */
  suggest(typed: string, count: number, searchWords: (typed: string) => string[]): string[] {
    const wanted = normalizeTitle(typed);
    if (wanted === '') return [];
    const starts = this.#startingWith(wanted, count);
    if (starts.length >= count || wanted.length < 3) return starts;
    return [...new Set([...starts, ...searchWords(typed)])].slice(0, count);
  }

  /**
   * Keys of the first `count` papers in `order` whose titles hold every typed word, the last
   * as the start of a word (as typed, no stems or typos), reading at most `limit` titles. In a
   * large digest a common word's papers are found within the first few titles, where scoring
   * every paper that holds it would take hundreds of milliseconds.
   */
  containing(typed: string, count: number, order: readonly string[], limit: number): string[] {
    const words = normalizeTitle(typed)
      .split(' ')
      .filter((word) => word !== '');
    const last = words.pop();
    if (last === undefined) return [];
    const keys: string[] = [];
    for (let i = 0; i < order.length && i < limit && keys.length < count; i++) {
      const key = order[i] as string;
      const title = ` ${this.#titles.get(key) ?? ''} `;
      if (title.includes(` ${last}`) && words.every((word) => title.includes(` ${word} `))) keys.push(key);
    }
    return keys;
  }

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
}
