import MiniSearch, { type Options } from 'minisearch';
import { PostingList } from './posting-list.js';

/**
 * A term's documents in one field, id → frequency: a PostingList (compact-postings.ts), or
 * the Map MiniSearch itself makes.
 */
interface Postings extends Iterable<[number, number]> {
  set(id: number, frequency: number): unknown;
}
type TermData = Map<number, Postings>;

/** The fields of a MiniSearch instance that its `toJSON()` reads and `loadJS()` sets (minisearch 7.2). */
interface MiniSearchFields {
  _index: Iterable<[string, TermData]> & { get(term: string): TermData | undefined; set(term: string, data: TermData): unknown };
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, (number | null)[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

/** What `toJSON()` gives besides the documents and the term index: a few numbers. */
export interface MiniSearchHeader {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  dirtCount: number;
}

/**
 * A MiniSearch index as a sequence of records of bounded size, to be written one per line
 * and read back one at a time (worker/record-file.ts): neither side ever holds the whole
 * snapshot as one text or one object tree, as `toJSON()` and `loadJS()` do (at 100,000
 * papers, 135 MB of text and 0.9 GB of parsed objects before the index is rebuilt from them).
 *
 * - `['search', header]` first;
 * - `['documents', [shortId, id, stored, length of field 0, length of field 1, …, shortId, …]]`;
 * - `['terms', [[term, [fieldId, document, frequency, document, frequency, …], …], …]]`, each
 *   field's documents in the order the index holds them, each as the difference from the one
 *   before (small numbers parse faster).
 */
export type MiniSearchRecord = ['search', MiniSearchHeader] | ['documents', unknown[]] | ['terms', TermEntry[]];
type TermEntry = [string, ...number[][]];

/**
 * About how many numbers a record of documents or terms holds: some 40 KB of text, written
 * (JSON.stringify) in about 0.3 ms, so a call waits no longer for the cache writer's step.
 */
const NUMBERS_PER_RECORD = 8_000;

/**
 * The records of `search` (see MiniSearchRecord), produced as they are read. It reads
 * MiniSearch's own fields as `toJSON()` does; the index cache's name holds minisearch's
 * version (worker/load-library.ts), and test/library/snapshot-records.test.ts checks that
 * a restored index gives what `toJSON()` gave, so an upgrade that moves them fails there.
 * Read them while nothing is added and nothing is being cleaned up (PaperIndex.settled).
 */
export function* miniSearchRecords(search: MiniSearch<never> | MiniSearch<unknown>): Generator<MiniSearchRecord> {
  const fields = search as unknown as MiniSearchFields;
  yield [
    'search',
    {
      documentCount: fields._documentCount,
      nextId: fields._nextId,
      fieldIds: fields._fieldIds,
      averageFieldLength: fields._avgFieldLength,
      dirtCount: fields._dirtCount,
    },
  ];
  const fieldCount = Object.keys(fields._fieldIds).length;
  let documents: unknown[] = [];
  for (const [shortId, id] of fields._documentIds) {
    documents.push(shortId, id, fields._storedFields.get(shortId) ?? null);
    const lengths = fields._fieldLength.get(shortId) ?? [];
    for (let field = 0; field < fieldCount; field++) documents.push(lengths[field] ?? null);
    if (documents.length >= NUMBERS_PER_RECORD) {
      yield ['documents', documents];
      documents = [];
    }
  }
  if (documents.length > 0) yield ['documents', documents];
  let terms: TermEntry[] = [];
  let numbers = 0;
  for (const [term, fieldIndex] of fields._index) {
    const entry: TermEntry = [term];
    for (const [fieldId, frequencies] of fieldIndex) {
      const postings = [fieldId];
      let previous = 0;
      for (const [document, frequency] of frequencies) {
        postings.push(document - previous, frequency);
        previous = document;
      }
      entry.push(postings);
      numbers += postings.length;
    }
    terms.push(entry);
    if (numbers >= NUMBERS_PER_RECORD) {
      yield ['terms', terms];
      terms = [];
      numbers = 0;
    }
  }
  if (terms.length > 0) yield ['terms', terms];
}

/**
 * Rebuilds a MiniSearch index from its records, one record at a time, as `loadJS` would
 * from `toJSON()`; or, given an index `into`, appends the records' documents and terms to
 * it, as if they had been added to it after its own (a part of the papers indexed on another
 * thread, then joined). Appended documents take the internal ids after `into`'s, and the
 * average field lengths are brought up to date document by document, as `add` does, so the
 * joined index scores as one built in a single pass. Records of another shape throw a
 * TypeError (a corrupt or foreign cache): rebuild then. An appended document whose id `into`
 * already holds throws an Error; `into` is then half joined and must be dropped.
 */
export class MiniSearchRestore<T> {
  readonly #search: MiniSearch<T>;
  readonly #fields: MiniSearchFields;
  readonly #fieldCount: number;
  /** Added to the records' internal ids: `into`'s next id, 0 for a new index. */
  readonly #offset: number;
  readonly #appending: boolean;
  readonly #expected: number;

  constructor(header: unknown, options: Options<T>, into?: MiniSearch<T>) {
    if (!isHeader(header)) throw new TypeError('index snapshot: malformed search header');
    this.#fieldCount = Object.keys(header.fieldIds).length;
    if (into) {
      this.#search = into;
      this.#fields = into as unknown as MiniSearchFields;
      if (JSON.stringify(this.#fields._fieldIds) !== JSON.stringify(header.fieldIds)) throw new TypeError('index snapshot: other fields');
      if (header.dirtCount !== 0) throw new TypeError('index snapshot: an index to append must be clean');
      this.#offset = this.#fields._nextId;
      this.#expected = this.#fields._documentIds.size + header.documentCount;
      this.#fields._nextId += header.nextId;
    } else {
      // loadJS of an index without documents or terms: MiniSearch's own set-up of the numbers.
      this.#search = MiniSearch.loadJS({ ...header, documentIds: {}, fieldLength: {}, storedFields: {}, index: [], serializationVersion: 2 }, options);
      this.#fields = this.#search as unknown as MiniSearchFields;
      this.#offset = 0;
      this.#expected = header.documentCount;
    }
    this.#appending = into !== undefined;
  }

  /** Takes a `documents` or `terms` record's payload. */
  take(kind: 'documents' | 'terms', payload: unknown): void {
    if (!Array.isArray(payload)) throw new TypeError(`index snapshot: malformed ${kind} record`);
    if (kind === 'documents') this.#documents(payload);
    else this.#terms(payload);
  }

  #documents(flat: unknown[]): void {
    const width = 3 + this.#fieldCount;
    if (flat.length % width !== 0) throw new TypeError('index snapshot: malformed documents record');
    const fields = this.#fields;
    for (let i = 0; i < flat.length; i += width) {
      const shortId = flat[i];
      if (typeof shortId !== 'number') throw new TypeError('index snapshot: malformed document');
      const id = this.#offset + shortId;
      if (this.#appending && fields._idToShortId.has(flat[i + 1])) throw new Error(`index snapshot: ${String(flat[i + 1])} is already indexed`);
      fields._documentIds.set(id, flat[i + 1]);
      fields._idToShortId.set(flat[i + 1], id);
      if (flat[i + 2] !== null) fields._storedFields.set(id, flat[i + 2]);
      const lengths = flat.slice(i + 3, i + width) as (number | null)[];
      fields._fieldLength.set(id, lengths);
      if (this.#appending) {
        // As add() does (addFieldLength), with the count of documents before this one.
        const count = fields._documentCount;
        fields._documentCount += 1;
        for (let field = 0; field < this.#fieldCount; field++) {
          const length = lengths[field];
          if (length !== null && length !== undefined) fields._avgFieldLength[field] = ((fields._avgFieldLength[field] ?? 0) * count + length) / (count + 1);
        }
      }
    }
  }

  #terms(entries: unknown[]): void {
    const index = this.#fields._index;
    for (const entry of entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') throw new TypeError('index snapshot: malformed term');
      // Appending, a term both parts hold gets the new documents after its own.
      const known = this.#appending ? index.get(entry[0]) : undefined;
      const data = known ?? new Map<number, Postings>();
      for (let k = 1; k < entry.length; k++) {
        const postings = entry[k] as unknown;
        if (!Array.isArray(postings) || postings.length % 2 !== 1) throw new TypeError('index snapshot: malformed postings');
        const fieldId = postings[0] as unknown;
        if (typeof fieldId !== 'number' || !Number.isInteger(fieldId) || fieldId < 0 || fieldId >= this.#fieldCount)
          throw new TypeError('index snapshot: malformed postings');
        // Appending, a list both parts hold takes the new documents after its own; a new one is
        // built as a PostingList's encoded postings, with frequencies too large for them beside.
        const own = data.get(fieldId);
        const encoded: number[] = [];
        let large: Map<number, number> | undefined;
        let document = this.#offset;
        for (let i = 1; i < postings.length; i += 2) {
          const gap = postings[i] as unknown;
          const count = postings[i + 1] as unknown;
          // Ids rise (the first may be 0 apart from the offset) and every count is at least 1.
          if (!Number.isSafeInteger(gap) || (gap as number) < (i === 1 ? 0 : 1) || !Number.isSafeInteger(count) || (count as number) < 1)
            throw new TypeError('index snapshot: malformed postings');
          document += gap as number;
          if (own) own.set(document, count as number);
          else {
            encoded.push(PostingList.encode(document, count as number));
            if (PostingList.large(count as number)) (large ??= new Map()).set(document, count);
          }
        }
        if (document > PostingList.MAX_ID) throw new TypeError('index snapshot: malformed postings');
        if (!own) data.set(fieldId, new PostingList(encoded, large));
      }
      if (!known) index.set(entry[0], data);
    }
  }

  /** The index, once every record was taken; throws when documents are missing. */
  finish(): MiniSearch<T> {
    if (this.#fields._documentIds.size !== this.#expected) {
      throw new TypeError(`index snapshot: ${this.#fields._documentIds.size} documents of ${this.#expected}`);
    }
    return this.#search;
  }
}

function isHeader(value: unknown): value is MiniSearchHeader {
  if (typeof value !== 'object' || value === null) return false;
  const header = value as Partial<MiniSearchHeader>;
  return (
    Number.isInteger(header.documentCount) &&
    Number.isInteger(header.nextId) &&
    typeof header.fieldIds === 'object' &&
    header.fieldIds !== null &&
    Array.isArray(header.averageFieldLength)
  );
}
