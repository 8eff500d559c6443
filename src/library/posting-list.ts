/**
 * One term's documents in one field of a MiniSearch index, in place of the
 * `Map<document id, term frequency>` MiniSearch makes for each (see compact-postings.ts).
 *
 * A Map spends some 40 bytes on each document and about 200 on each list, and a digest has
 * millions of postings, most lists holding a handful: on the real digest MiniSearch's index
 * was 60 % of the worker's heap, mostly those Maps. Here each posting is one number,
 * `id × 2²¹ + frequency`, in one plain array with ids rising: 8 bytes a posting, plus the
 * array's spare room as it grows. The worker's heap on the real digest went from 142 MB to
 * 99 MB. A frequency of 2²¹ − 1 or more (a field repeating one word two million times) is kept
 * exactly beside the array.
 *
 * It answers the part of Map's interface MiniSearch 7.2 uses (get, set, delete, size, keys,
 * entries and iteration; `has` too, for the Map's shape), with Map's meaning:
 * - deleting while iterating is allowed, as MiniSearch does when it meets a removed document:
 *   a deleted posting stays as a tombstone (frequency 0) until deleted ones outnumber the live
 *   ones, when the list moves to a new array. An iteration walks the array it started with,
 *   so it never skips or repeats a posting; unlike a Map's, it does not see ids inserted
 *   meanwhile (MiniSearch inserts none while it iterates);
 * - `get` right after `keys()` yielded that id is one comparison, so a search's loop
 *   (keys, then get of each) stays linear;
 * - setting an id higher than every other, as adding a document does (MiniSearch's ids only
 *   grow), appends; a lower one is inserted in order. Iteration is by rising id, where a
 *   Map's is by insertion: the same order for MiniSearch, which inserts rising ids.
 */
export class PostingList {
  /** `id × SCALE + frequency`, ids rising; frequency 0 marks a deleted posting. */
  #postings: number[];
  /** Frequencies of OVERFLOW or more, by id; their posting holds OVERFLOW. */
  #large: Map<number, number> | undefined;
  #size: number;
  /** Where keys() or entries() last yielded: `get` of that id looks here first. */
  #cursor = 0;

  /** From postings already encoded (see encode), ids rising, none deleted: how a snapshot is restored. */
  constructor(postings: number[] = [], large?: Map<number, number>) {
    this.#postings = postings;
    this.#large = large;
    this.#size = postings.length;
  }

  /** The highest document id a posting holds exactly. */
  static readonly MAX_ID = 2 ** 32 - 1;

  /** One posting as stored; frequencies of OVERFLOW or more are stored as OVERFLOW (see PostingList.large). */
  static encode(id: number, frequency: number): number {
    return id * SCALE + Math.min(frequency, OVERFLOW);
  }

  /** True when a frequency is too large to be stored in its posting and goes beside it. */
  static large(frequency: number): boolean {
    return frequency >= OVERFLOW;
  }

  get size(): number {
    return this.#size;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  get(id: number): number | undefined {
    const at = this.#slot(id);
    return at < 0 || this.#deleted(at) ? undefined : this.#frequencyAt(at, id);
  }

  set(id: number, frequency: number): this {
    if (!(frequency >= 1) || !Number.isSafeInteger(frequency) || !Number.isInteger(id) || id < 0 || id > PostingList.MAX_ID) {
      throw new RangeError(`PostingList: document ${id} with frequency ${frequency}`);
    }
    const last = this.#postings[this.#postings.length - 1];
    const at = last === undefined || idOf(last) < id ? -1 : this.#slot(id);
    if (at >= 0) {
      if (this.#deleted(at)) this.#size += 1;
      this.#postings[at] = PostingList.encode(id, frequency);
    } else {
      this.#tidy();
      const postings = this.#postings;
      const end = postings[postings.length - 1];
      if (end === undefined || idOf(end) < id) postings.push(PostingList.encode(id, frequency));
      else postings.splice(this.#insertionPoint(id), 0, PostingList.encode(id, frequency));
      this.#size += 1;
    }
    if (PostingList.large(frequency)) (this.#large ??= new Map()).set(id, frequency);
    else this.#large?.delete(id);
    return this;
  }

  /**
   * One more occurrence of `id`: set(id, get(id) + 1), or 1. Adding a document counts its
   * words this way, always for the highest id, which is one comparison.
   */
  add(id: number): void {
    const postings = this.#postings;
    const at = postings.length - 1;
    const last = postings[at];
    // The last posting is this id's, live, and one more still fits in it.
    if (last !== undefined && idOf(last) === id && last % SCALE !== 0 && (last % SCALE) + 1 < OVERFLOW) postings[at] = last + 1;
    else this.set(id, (this.get(id) ?? 0) + 1);
  }

  delete(id: number): boolean {
    const at = this.#slot(id);
    if (at < 0 || this.#deleted(at)) return false;
    this.#postings[at] = id * SCALE;
    this.#large?.delete(id);
    this.#size -= 1;
    this.#tidy();
    return true;
  }

  keys(): Generator<number, undefined, undefined> {
    return this.#walk((_, id) => id);
  }

  entries(): Generator<[number, number], undefined, undefined> {
    return this.#walk((posting, id): [number, number] => [id, this.#frequencyOf(posting, id)]);
  }

  [Symbol.iterator](): Generator<[number, number], undefined, undefined> {
    return this.entries();
  }

  /**
   * Each live posting, as `make` turns it (keys() makes no pair: a search walks its lists
   * by key). Walks the array it starts with: a tidy-up meanwhile (a delete) gives the list a
   * new array, and this one goes on over the old, whose postings not yet reached are the same.
   */
  *#walk<T>(make: (posting: number, id: number) => T): Generator<T, undefined, undefined> {
    const postings = this.#postings;
    for (let at = 0; at < postings.length; at++) {
      const posting = postings[at] as number;
      if (posting % SCALE === 0) continue;
      if (this.#postings === postings) this.#cursor = at;
      yield make(posting, idOf(posting));
    }
  }

  /** The index of `id`'s posting, live or deleted (an id has one at most), or -1. */
  #slot(id: number): number {
    const postings = this.#postings;
    const cursor = postings[this.#cursor];
    if (cursor !== undefined && idOf(cursor) === id) return this.#cursor;
    const last = postings[postings.length - 1];
    if (last !== undefined && idOf(last) === id) return postings.length - 1;
    const at = this.#insertionPoint(id);
    const posting = postings[at];
    return posting !== undefined && idOf(posting) === id ? at : -1;
  }

  #deleted(at: number): boolean {
    return (this.#postings[at] as number) % SCALE === 0;
  }

  /** The first index whose id is `id` or more. */
  #insertionPoint(id: number): number {
    const postings = this.#postings;
    let low = 0;
    let high = postings.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (idOf(postings[middle] as number) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #frequencyAt(at: number, id: number): number {
    return this.#frequencyOf(this.#postings[at] as number, id);
  }

  #frequencyOf(posting: number, id: number): number {
    const frequency = posting % SCALE;
    return frequency === OVERFLOW ? (this.#large?.get(id) ?? OVERFLOW) : frequency;
  }

  /** Postings stored, deleted ones included: what tidying keeps under twice the live ones, and 8. */
  get slots(): number {
    return this.#postings.length;
  }

  /**
   * Drops deleted postings once they outnumber the live ones (and 8) into a new array; an
   * iteration under way keeps the old one (see #walk).
   */
  #tidy(): void {
    const postings = this.#postings;
    const deleted = postings.length - this.#size;
    if (deleted <= this.#size || deleted <= 8) return;
    this.#postings = postings.filter((posting) => posting % SCALE !== 0);
    this.#cursor = 0;
  }
}

/** Frequencies take the low 21 bits of a posting; ids up to 2³² keep postings exact (below 2⁵³). */
const SCALE = 2 ** 21;
const OVERFLOW = SCALE - 1;

const idOf = (posting: number): number => Math.floor(posting / SCALE);
