import type MiniSearch from 'minisearch';
import type { Paper } from '../digest/paper.js';
import { FIELD_BOOST } from './search-options.js';
import { processTerm, WORD_SEPARATOR } from './text-analysis.js';

/** How many search results "similar papers" reranks. */
const SIMILAR_CANDIDATES = 100;

/** What similarPapers reads of the paper index (see PaperIndex.similar). */
export interface SimilarityIndex {
  search: MiniSearch<Paper>;
  /** Stem → number of papers containing it. */
  documentFrequency: ReadonlyMap<string, number>;
  /** The most specific words of a text (PaperIndex.keyTerms). */
  keyTerms(text: string, count: number, minDocuments: number): string[];
}

/**
 * Keys of the papers most like this one, by cosine similarity of TF-IDF vectors (title
 * words count three times). Candidates come from an any-word search for the words the
 * paper shares with others, so the cost stays bounded as the digest grows.
 */
export function similarPapers(index: SimilarityIndex, paper: Paper, count: number, lookup: (key: string) => Paper | undefined): string[] {
  const query = index.keyTerms(`${paper.title} ${paper.keywords.join(' ')} ${paper.abstract}`, 40, 2).join(' ');
  const target = vectorOf(index, paper);
  return index.search
    .search(query, { combineWith: 'OR', boost: FIELD_BOOST })
    .slice(0, SIMILAR_CANDIDATES)
    .flatMap((result) => {
      const other = lookup(String(result.id));
      return other && other.key !== paper.key ? [{ key: other.key, similarity: cosine(target, vectorOf(index, other)) }] : [];
    })
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, count)
    .map((candidate) => candidate.key);
}

/** TF-IDF weights of a paper's stems; the title counts three times. */
function vectorOf(index: SimilarityIndex, paper: Paper): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const word of text.split(WORD_SEPARATOR)) {
      const stem = processTerm(word);
      if (stem !== null) counts.set(stem, (counts.get(stem) ?? 0) + weight);
    }
  };
  add(paper.title, 3);
  add(`${paper.abstract} ${paper.keywords.join(' ')}`, 1);
  const size = Math.max(1, index.search.documentCount);
  const vector = new Map<string, number>();
  for (const [stem, count] of counts) vector.set(stem, (1 + Math.log(count)) * Math.log(1 + size / (index.documentFrequency.get(stem) ?? 1)));
  return vector;
}

function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  const norm = (v: ReadonlyMap<string, number>) => Math.sqrt([...v.values()].reduce((sum, w) => sum + w * w, 0));
  return dot === 0 ? 0 : dot / (norm(a) * norm(b));
}
