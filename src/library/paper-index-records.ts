import type MiniSearch from 'minisearch';
import type { Options } from 'minisearch';
import { AbbreviationTable, type AbbreviationTableJSON } from './abbreviation-table.js';
import { miniSearchRecords, MiniSearchRestore } from './minisearch-records.js';
import { arrayPayload, inRecords, type SnapshotRecord } from './snapshot-records.js';

/** What a PaperIndex holds, and what its records restore. */
export interface PaperIndexParts<T> {
  search: MiniSearch<T>;
  /** Stem → the shortest word seen with it. */
  surfaceForms: Map<string, string>;
  /** Stem → number of papers containing it. */
  documentFrequency: Map<string, number>;
  abbreviations: AbbreviationTable;
}

/** Pairs per record: each record is written in about a millisecond at most. */
const PAIRS_PER_RECORD = 1_000;
/** Abbreviations (each with its long forms) per record. */
const ABBREVIATIONS_PER_RECORD = 200;

/**
 * The index's records: `['index', { termFormat }]`, the abbreviation table's rows, the
 * MiniSearch index's (minisearch-records.ts), then the vocabulary and document frequencies as
 * pairs.
 */
export function* paperIndexRecords<T>(parts: PaperIndexParts<T>, termFormat: number): Generator<SnapshotRecord> {
  yield ['index', { termFormat }];
  yield* inRecords('abbreviations', parts.abbreviations.rows(), ABBREVIATIONS_PER_RECORD);
  yield* miniSearchRecords(parts.search);
  yield* inRecords('surfaceForms', parts.surfaceForms, PAIRS_PER_RECORD);
  yield* inRecords('documentFrequency', parts.documentFrequency, PAIRS_PER_RECORD);
}

/**
 * Restores an index from its records, taken one at a time; or, given the parts of an index
 * (`into`), appends the records' index to it, as if its papers had been added after its own
 * (see MiniSearchRestore): the vocabulary keeps the shorter word of a stem (the first on a
 * tie), and document frequencies and abbreviation counts add up. Throws a TypeError for
 * records of another shape or term format (an index of old terms would silently miss new
 * ones). Appending, a throw leaves `into` half joined: drop it then.
 */
export class PaperIndexRestore<T> {
  #search: MiniSearchRestore<T> | null = null;
  readonly #into: PaperIndexParts<T> | undefined;
  readonly #abbreviations: AbbreviationTable;
  readonly #surfaceForms: Map<string, string>;
  readonly #documentFrequency: Map<string, number>;
  #tookHeader = false;

  constructor(
    private readonly options: Options<T>,
    private readonly termFormat: number,
    into?: PaperIndexParts<T>,
  ) {
    this.#into = into;
    this.#abbreviations = into?.abbreviations ?? new AbbreviationTable();
    this.#surfaceForms = into?.surfaceForms ?? new Map();
    this.#documentFrequency = into?.documentFrequency ?? new Map();
  }

  /** Takes the record if it is the index's (true), else leaves it (false). */
  take(kind: string, payload: unknown): boolean {
    switch (kind) {
      case 'index': {
        const header = (payload ?? {}) as { termFormat?: unknown };
        if (header.termFormat !== this.termFormat)
          throw new TypeError(`index snapshot has term format ${String(header.termFormat)}, expected ${this.termFormat}`);
        this.#tookHeader = true;
        return true;
      }
      case 'abbreviations':
        if (!this.#tookHeader) throw new TypeError('index snapshot: abbreviations before the index header');
        this.#abbreviations.addJSON(payload as AbbreviationTableJSON);
        return true;
      case 'search':
        this.#search = new MiniSearchRestore(payload, this.options, this.#into?.search);
        return true;
      case 'documents':
      case 'terms':
        if (!this.#search) throw new TypeError(`index snapshot: ${kind} before the search header`);
        this.#search.take(kind, payload);
        return true;
      case 'surfaceForms':
        for (const pair of arrayPayload(kind, payload)) {
          const [stem, word] = stringPair(pair, 'string');
          const known = this.#surfaceForms.get(stem);
          if (known === undefined || word.length < known.length) this.#surfaceForms.set(stem, word);
        }
        return true;
      case 'documentFrequency':
        for (const pair of arrayPayload(kind, payload)) {
          const [stem, count] = stringPair(pair, 'number');
          this.#documentFrequency.set(stem, (this.#documentFrequency.get(stem) ?? 0) + count);
        }
        return true;
      default:
        return false;
    }
  }

  /** The restored (or joined) parts; throws when a part never came. */
  finish(): PaperIndexParts<T> {
    if (!this.#search || !this.#tookHeader) throw new TypeError('index snapshot: incomplete');
    return { search: this.#search.finish(), surfaceForms: this.#surfaceForms, documentFrequency: this.#documentFrequency, abbreviations: this.#abbreviations };
  }
}

function stringPair<V extends 'string' | 'number'>(pair: unknown, valueType: V): [string, V extends 'string' ? string : number] {
  if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== valueType) throw new TypeError('index snapshot: malformed pair');
  return pair as [string, V extends 'string' ? string : number];
}
