import type MiniSearch from 'minisearch';
import { LazyJsonArray, LazyJsonObject } from './lazy-json.js';

/** The fields of a MiniSearch instance that its `toJSON()` reads (minisearch 7.2). */
interface MiniSearchFields {
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

/**
 * What `search.toJSON()` returns, with the large parts (the term index, the document ids,
 * field lengths and stored fields) produced term by term as they are written: `toJSON()`
 * builds all of it at once, a second copy of the index in memory (gigabytes at 100,000
 * papers). It reads MiniSearch's own fields as `toJSON()` does; the index cache's name holds
 * minisearch's version (worker/load-library.ts), and test/library/lazy-snapshot.test.ts
 * checks that this writes what `toJSON()` does, so an upgrade that moves them fails there.
 * `MiniSearch.loadJS` reads it back. Write it after PaperIndex.settled(), while nothing is added.
 */
export function lazyMiniSearchJson(search: MiniSearch<never> | MiniSearch<unknown>): LazyJsonObject {
  const fields = search as unknown as MiniSearchFields;
  return new LazyJsonObject(() => [
    ['documentCount', fields._documentCount],
    ['nextId', fields._nextId],
    ['documentIds', new LazyJsonObject(() => stringKeys(fields._documentIds))],
    ['fieldIds', fields._fieldIds],
    ['fieldLength', new LazyJsonObject(() => stringKeys(fields._fieldLength))],
    ['averageFieldLength', fields._avgFieldLength],
    ['storedFields', new LazyJsonObject(() => stringKeys(fields._storedFields))],
    ['dirtCount', fields._dirtCount],
    ['index', new LazyJsonArray(() => termEntries(fields._index))],
    ['serializationVersion', 2],
  ]);
}

function* stringKeys<V>(map: Map<number, V>): Iterable<[string, V]> {
  for (const [key, value] of map) yield [String(key), value];
}

/** `[term, { fieldId: { documentId: frequency } }]`, one term at a time. */
function* termEntries(index: MiniSearchFields['_index']): Iterable<[string, Record<string, Record<string, number>>]> {
  for (const [term, fieldIndex] of index) {
    const data: Record<string, Record<string, number>> = {};
    for (const [fieldId, frequencies] of fieldIndex) data[fieldId] = Object.fromEntries(frequencies);
    yield [term, data];
  }
}
