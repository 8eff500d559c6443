import MiniSearch from 'minisearch';
import type { Paper } from '../digest/paper.js';
import { splitSentences } from './sentences.js';
import { processTerm } from './text-analysis.js';

export interface Sentence {
  id: number;
  paperKey: string;
  /** 0-based position in the abstract. */
  position: number;
  text: string;
}

export interface SentenceHit {
  sentence: Sentence;
  score: number;
  /** Stemmed index terms that matched. */
  terms: string[];
}

/**
 * A MiniSearch index over the sentences of some papers' abstracts, each sentence linked to
 * its paper. Built per question over the candidate papers (see Library.searchSentences).
 */
export class SentenceIndex {
  readonly #sentences: Sentence[] = [];
  readonly #search = new MiniSearch<Sentence>({ fields: ['text'], storeFields: [], processTerm });

  addAll(papers: Iterable<Paper>): void {
    for (const paper of papers) {
      splitSentences(paper.abstract).forEach((text, position) => {
        const sentence: Sentence = { id: this.#sentences.length, paperKey: paper.key, position, text };
        this.#sentences.push(sentence);
        this.#search.add(sentence);
      });
    }
  }

  /** Sentences matching any of the query's terms (prefix from 4 characters), best first. */
  search(query: string, isKnownTerm: (term: string) => boolean): SentenceHit[] {
    return this.#search
      .search(query, {
        combineWith: 'OR',
        prefix: (term) => term.length >= 4,
        fuzzy: (term) => (isKnownTerm(term) || term.length < 5 ? false : 1),
        weights: { prefix: 0.3, fuzzy: 0.3 },
      })
      .map((result) => ({ sentence: this.#sentences[Number(result.id)] as Sentence, score: result.score, terms: result.terms }));
  }
}
