/** Records as they cross threads and files: each through JSON. */
export const throughJson = (records: Iterable<unknown>): unknown[] => [...records].map((record) => JSON.parse(JSON.stringify(record)) as unknown);

/**
 * Records with their terms in one sorted record: MiniSearch's radix tree lists its terms in
 * an order that depends on how it was filled, and a restored or joined tree (like one from
 * loadJS) is filled in another order. What each term holds must be the same.
 */
export const sameTerms = (records: Iterable<unknown>): unknown[] => {
  const all = throughJson(records) as [string, unknown][];
  const terms = all.flatMap(([kind, payload]) => (kind === 'terms' ? (payload as [string][]) : []));
  return [...all.filter(([kind]) => kind !== 'terms'), ['terms', terms.sort((a, b) => (a[0] < b[0] ? -1 : 1))]];
};
