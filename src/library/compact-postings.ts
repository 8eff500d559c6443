import type MiniSearch from 'minisearch';
import { PostingList } from './posting-list.js';

/** What MiniSearch 7.2 keeps for a term: its postings by field id. */
type TermData = Map<number, PostingList>;

interface AddTermInternals {
  _index: { fetch(term: string, initial: () => TermData): TermData };
  addTerm(fieldId: number, documentId: number, term: string): void;
}

/** One function for every new term, as MiniSearch's own addTerm has: no closure per word indexed. */
const createTermData = (): TermData => new Map();

/**
 * Makes `search` keep each term's documents in a PostingList instead of a Map (see
 * posting-list.ts), and returns it. It replaces the instance's `addTerm`, the one place
 * MiniSearch 7.2 creates those Maps (`add` calls it for each word of each field), with the
 * same steps; searching, removing and cleaning up read the lists through the Map interface
 * PostingList answers. A restored index is given PostingLists directly (minisearch-records.ts).
 * The index cache's name holds minisearch's version, and test/library/posting-list.test.ts
 * checks that a compact index holds and answers what a plain one does, so an upgrade that
 * changes addTerm fails there.
 */
export function compactPostings<T>(search: MiniSearch<T>): MiniSearch<T> {
  const internals = search as unknown as AddTermInternals;
  internals.addTerm = (fieldId, documentId, term) => {
    // Read each time: removeAll() gives MiniSearch a new _index.
    const fields = internals._index.fetch(term, createTermData);
    const postings = fields.get(fieldId);
    if (postings === undefined) fields.set(fieldId, new PostingList([PostingList.encode(documentId, 1)]));
    else postings.add(documentId);
  };
  return search;
}
