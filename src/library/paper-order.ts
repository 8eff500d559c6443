import type { Paper } from '../digest/paper.js';

/** Newest first; papers with unknown dates last; ties by upvotes, then title. */
export function byNewest(a: Paper, b: Paper): number {
  if (a.publishedAt !== b.publishedAt) {
    if (a.publishedAt === null) return 1;
    if (b.publishedAt === null) return -1;
    return a.publishedAt < b.publishedAt ? 1 : -1;
  }
  return byUpvotesOnly(a, b) || a.title.localeCompare(b.title);
}

/** Most upvoted first; unknown upvotes last; ties by date. */
export function byUpvotes(a: Paper, b: Paper): number {
  return byUpvotesOnly(a, b) || byNewest(a, b);
}

function byUpvotesOnly(a: Paper, b: Paper): number {
  return (b.upvotes ?? -1) - (a.upvotes ?? -1);
}

/**
 * Paper keys kept in an order (newest first, say) as papers arrive, without sorting the
 * whole library for every read: new keys wait in a small pending list that is sorted and
 * merged into the ordered list at the next read. A paper whose record changed (a merge
 * can bring a date or more upvotes) makes the next read sort everything once.
 */
export class PaperOrder {
  #ordered: string[] = [];
  #pending: string[] = [];
  #resort = false;

  constructor(private readonly compare: (a: string, b: string) => number) {}

  /** A key seen for the first time (`isNew`), or a known key whose paper changed. */
  add(key: string, isNew: boolean): void {
    if (isNew) this.#pending.push(key);
    else this.#resort = true;
  }

  get size(): number {
    return this.#ordered.length + this.#pending.length;
  }

  /** Every key, in order. The array is the order's own: read it, do not change it. */
  keys(): readonly string[] {
    if (this.#resort) {
      this.#ordered = [...this.#ordered, ...this.#pending].sort(this.compare);
      this.#pending = [];
      this.#resort = false;
    } else if (this.#pending.length > 0) {
      this.#ordered = merge(this.#ordered, this.#pending.sort(this.compare), this.compare);
      this.#pending = [];
    }
    return this.#ordered;
  }
}

function merge(a: readonly string[], b: readonly string[], compare: (x: string, y: string) => number): string[] {
  const merged: string[] = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = compare(a[i] as string, b[j] as string) <= 0 ? (a[i++] as string) : (b[j++] as string);
  while (i < a.length) merged[k++] = a[i++] as string;
  while (j < b.length) merged[k++] = b[j++] as string;
  return merged;
}
