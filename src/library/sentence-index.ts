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

/** A MiniSearch index over the sentences of every abstract, each linked to its paper. */
export class SentenceIndex {
  readonly #sentences: Sentence[] = [];
  readonly #byPaper = new Map<string, number[]>();
  readonly #search = new MiniSearch<Sentence>({ fields: ['text'], storeFields: [], processTerm });

  /** Indexes the abstracts' sentences; a paper indexed before is replaced. */
  addAll(papers: Iterable<Paper>): void {
    for (const paper of papers) {
      for (const id of this.#byPaper.get(paper.key) ?? []) this.#search.discard(id);
      const ids: number[] = [];
      splitSentences(paper.abstract).forEach((text, position) => {
        const sentence: Sentence = { id: this.#sentences.length, paperKey: paper.key, position, text };
        this.#sentences.push(sentence);
        this.#search.add(sentence);
        ids.push(sentence.id);
      });
      this.#byPaper.set(paper.key, ids);
    }
  }

  sentencesOf(paperKey: string): Sentence[] {
    return (this.#byPaper.get(paperKey) ?? []).map((id) => this.#sentences[id] as Sentence);
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
