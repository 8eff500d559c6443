/** One ranking to fuse: its items best first, and how much its votes count. */
export interface Ranking<T> {
  items: readonly T[];
  weight: number;
}

/**
 * Reciprocal rank fusion (Cormack et al., 2009): each ranking gives an item
 * `weight / (k + rank)`, and the items are ordered by the sum, best first. Scores of different
 * rankings (BM25 with and without boosts, cosine similarities) are not comparable; ranks
 * are. A larger `k` flattens the difference between the first places. An item in several
 * rankings is taken from the first that has it.
 */
export function fuseRankings<T>(rankings: readonly Ranking<T>[], keyOf: (item: T) => string, k: number): { item: T; score: number }[] {
  const fused = new Map<string, { item: T; score: number }>();
  for (const { items, weight } of rankings) {
    items.forEach((item, index) => {
      const key = keyOf(item);
      const entry = fused.get(key) ?? { item, score: 0 };
      entry.score += weight / (k + index + 1);
      fused.set(key, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
