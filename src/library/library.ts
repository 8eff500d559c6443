import { createHash } from 'node:crypto';
import type { Organization, Paper } from '../digest/paper.js';
import { addPapers } from '../digest/merge-papers.js';
import { PaperIndex } from './paper-index.js';
import { SentenceIndex, type SentenceHit } from './sentence-index.js';
import { TitleIndex } from './title-index.js';
import { byNewest, byUpvotes } from './paper-order.js';
import { compileTopics, findTopic, topicsOfPaper, type CompiledTopic, type Topic } from './topics.js';

export const SORT_ORDERS = ['relevance', 'newest', 'upvotes'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface SearchRequest {
  query: string;
  sort?: SortOrder;
  /** Only papers published on or after this `YYYY-MM-DD` day. */
  since?: string | null;
}

export interface SearchHit {
  paper: Paper;
  score: number;
  /** Stemmed index terms that matched, for highlighting. */
  terms: string[];
  /** False for papers that match only some of the query's terms. */
  matchedAll: boolean;
}

export interface SearchResults {
  hits: SearchHit[];
  /** "Did you mean" queries, filled when nothing matched. */
  suggestions: string[];
}

export interface TopicSummary {
  topic: Topic;
  count: number;
}

/** Returns a float in [0, 1), like Math.random; injectable for tests. */
export type RandomSource = () => number;

/**
 * The digest as the bot knows it: papers by identity, the full-text index, and the
 * topic taxonomy. Knows nothing of Discord.
 */
export class Library {
  readonly #papers = new Map<string, Paper>();
  readonly #index = new PaperIndex();
  readonly #sentences = new SentenceIndex();
  readonly #titles = new TitleIndex();
  readonly #topics: CompiledTopic[];
  readonly #topicMembers = new Map<string, Set<string>>();
  #version = '';

  constructor(papers: Iterable<Paper>, topics: readonly Topic[] = []) {
    this.#topics = compileTopics(topics);
    for (const { topic } of this.#topics) this.#topicMembers.set(topic.id, new Set());
    this.add(papers);
  }

  get size(): number {
    return this.#papers.size;
  }

  /** A short hash of the paper identities; changes whenever papers are added. */
  get version(): string {
    return this.#version;
  }

  get topics(): readonly Topic[] {
    return this.#topics.map(({ topic }) => topic);
  }

  /** Adds papers (merging duplicates) to the index in place, without a rebuild. Returns the new ones. */
  add(papers: Iterable<Paper>): Paper[] {
    const incoming = [...papers];
    const addedKeys = new Set(addPapers(this.#papers, incoming));
    // Re-index every paper touched: a duplicate may have brought new keywords or links.
    const changed = [...new Set(incoming.map((paper) => paper.key))].map((key) => this.#papers.get(key) as Paper);
    this.#index.addAll(changed);
    this.#sentences.addAll(changed);
    this.#titles.addAll(changed);
    for (const paper of changed) {
      for (const id of topicsOfPaper(paper, this.#topics)) this.#topicMembers.get(id)?.add(paper.key);
    }
    this.#version = createHash('sha256')
      .update([...this.#papers.keys()].sort().join('\n'))
      .digest('hex')
      .slice(0, 8);
    return changed.filter((paper) => addedKeys.has(paper.key));
  }

  get(key: string): Paper | undefined {
    return this.#papers.get(key);
  }

  /**
   * A short, stable id for a paper, for button custom ids (100 characters at most): the
   * arXiv id, or a hash of the title-based key.
   */
  shortId(paper: Paper): string {
    return paper.arxivId ?? `t${createHash('sha256').update(paper.key).digest('hex').slice(0, 16)}`;
  }

  getByShortId(id: string): Paper | undefined {
    if (/^\d{4}\.\d{4,5}$/.test(id)) return this.#papers.get(id);
    return this.all().find((paper) => paper.arxivId === null && this.shortId(paper) === id);
  }

  all(): Paper[] {
    return [...this.#papers.values()];
  }

  search({ query, sort = 'relevance', since = null }: SearchRequest): SearchResults {
    const { hits: indexHits, allTerms } = this.#index.search(query);
    let hits: SearchHit[] = indexHits.flatMap((hit, position) => {
      const paper = this.#papers.get(hit.key);
      return paper ? [{ paper, score: hit.score, terms: hit.terms, matchedAll: position < allTerms }] : [];
    });
    if (since) hits = hits.filter((hit) => hit.paper.publishedAt !== null && hit.paper.publishedAt >= since);
    if (sort !== 'relevance') {
      const order = sort === 'newest' ? byNewest : byUpvotes;
      hits = [...hits].sort((a, b) => order(a.paper, b.paper));
    }
    return { hits, suggestions: hits.length === 0 ? this.#index.suggest(query) : [] };
  }

  /** Abstract sentences matching any word of the query, best first, for answers. */
  searchSentences(query: string): SentenceHit[] {
    return this.#sentences.search(query, (term) => this.#index.isKnownTerm(term));
  }

  /** Papers whose titles match what is being typed (prefix and typos), for autocomplete. */
  suggestTitles(typed: string, count: number): Paper[] {
    return this.#titles.suggest(typed, count).flatMap((key) => this.#papers.get(key) ?? []);
  }

  /** The papers most like this one (TF-IDF cosine over title, abstract and keywords), itself excluded. */
  similar(paper: Paper, count: number): Paper[] {
    return this.#index.similar(paper, count, (key) => this.#papers.get(key)).flatMap((key) => this.#papers.get(key) ?? []);
  }

  /** The most specific digest words of a text (rare in the digest), for "Find papers". */
  keyTerms(text: string, count: number): string[] {
    return this.#index.keyTerms(text, count);
  }

  /** Every organization named by a paper, once. */
  organizations(): Organization[] {
    const byId = new Map<string, Organization>();
    for (const paper of this.#papers.values()) if (paper.organization) byId.set(paper.organization.id, paper.organization);
    return [...byId.values()];
  }

  /** The newest papers by date, unknown dates last. */
  latest(count: number): Paper[] {
    return this.all().sort(byNewest).slice(0, Math.max(0, count));
  }

  topicSummaries(): TopicSummary[] {
    return this.#topics.map(({ topic }) => ({ topic, count: this.#topicMembers.get(topic.id)?.size ?? 0 }));
  }

  findTopic(input: string): Topic | undefined {
    return findTopic(this.topics, input);
  }

  /** A topic's papers, newest first. */
  papersInTopic(topicId: string): Paper[] {
    const keys = this.#topicMembers.get(topicId) ?? new Set<string>();
    return [...keys].flatMap((key) => this.#papers.get(key) ?? []).sort(byNewest);
  }

  topicsOf(paper: Paper): Topic[] {
    return this.#topics.filter(({ topic }) => this.#topicMembers.get(topic.id)?.has(paper.key)).map(({ topic }) => topic);
  }

  /** One random paper, optionally from a topic; undefined when there is none. */
  random(random: RandomSource, topicId?: string): Paper | undefined {
    const pool = topicId === undefined ? this.all() : this.papersInTopic(topicId);
    return pool[Math.floor(random() * pool.length)];
  }
}
