import { createHash } from 'node:crypto';
import type { Organization, Paper } from '../digest/paper.js';
import { addPapers } from '../digest/merge-papers.js';
import { PaperIndex, type PaperIndexSnapshot } from './paper-index.js';
import { SentenceIndex, type SentenceHit } from './sentence-index.js';
import { TitleIndex } from './title-index.js';
import { byNewest, byUpvotes } from './paper-order.js';
import { compileTopics, findTopic, topicsOfPaper, type CompiledTopic, type Topic } from './topics.js';

export const SORT_ORDERS = ['relevance', 'newest', 'upvotes'] as const;
/** At most this many results per search (the best by relevance, before any other sort). */
export const MAX_HITS = 1000;
export type SortOrder = (typeof SORT_ORDERS)[number];

export interface SearchRequest {
  query: string;
  sort?: SortOrder;
  /** Only papers published on or after this `YYYY-MM-DD` day. */
  since?: string | null;
  /** Rank papers with any of the words (questions), skipping the every-word pass. */
  anyTerm?: boolean;
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

export interface LibrarySnapshot {
  paperIndex: PaperIndexSnapshot;
  topicMembers: Record<string, string[]>;
}

/** Returns a float in [0, 1), like Math.random; injectable for tests. */
export type RandomSource = () => number;

/**
 * The digest as the bot knows it: papers by identity, the full-text index, and the
 * topic taxonomy. Knows nothing of Discord.
 */
export class Library {
  readonly #papers = new Map<string, Paper>();
  readonly #index: PaperIndex;
  readonly #titles: TitleIndex;
  readonly #topics: CompiledTopic[];
  readonly #topicMembers = new Map<string, Set<string>>();
  #version: string | null = null;
  #organizations: Organization[] | null = null;

  constructor(papers: Iterable<Paper>, topics: readonly Topic[] = [], snapshot?: LibrarySnapshot) {
    this.#topics = compileTopics(topics);
    for (const { topic } of this.#topics) this.#topicMembers.set(topic.id, new Set(snapshot?.topicMembers[topic.id] ?? []));
    if (snapshot) {
      // The indexes come from the snapshot; the papers are only placed in the map.
      for (const paper of papers) this.#papers.set(paper.key, paper);
      this.#index = new PaperIndex([], snapshot.paperIndex);
      this.#titles = new TitleIndex();
      this.#titles.addAll(this.#papers.values());
    } else {
      this.#index = new PaperIndex();
      this.#titles = new TitleIndex();
      this.add(papers);
    }
  }

  /**
   * Builds a library without blocking the event loop for more than about `sliceMs` at a
   * time, so the gateway heartbeat and interactions keep flowing while 100,000 papers are
   * indexed. The library answers (from the papers indexed so far) during the build.
   */
  static async build(papers: readonly Paper[], topics: readonly Topic[], onSlice?: (library: Library) => void, sliceMs = 40): Promise<Library> {
    const library = new Library([], topics);
    onSlice?.(library);
    let start = 0;
    let chunk = 50;
    while (start < papers.length) {
      const began = performance.now();
      library.add(papers.slice(start, start + chunk));
      start += chunk;
      const took = performance.now() - began;
      // Aim each slice at sliceMs, whatever the machine's speed; grow slowly, so one fast
      // slice cannot make the next one long.
      chunk = Math.max(10, Math.min(1000, Math.round(chunk * Math.min(2, sliceMs / Math.max(1, took)))));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return library;
  }

  /** The indexes in a form that loads much faster than rebuilding them (see load-library.ts). */
  toSnapshot(): LibrarySnapshot {
    return {
      paperIndex: this.#index.toSnapshot(),
      topicMembers: Object.fromEntries([...this.#topicMembers].map(([id, keys]) => [id, [...keys]])),
    };
  }

  get size(): number {
    return this.#papers.size;
  }

  /** A short hash of the paper identities; changes whenever papers are added. */
  get version(): string {
    this.#version ??= createHash('sha256')
      .update([...this.#papers.keys()].sort().join('\n'))
      .digest('hex')
      .slice(0, 8);
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
    this.#titles.addAll(changed);
    for (const paper of changed) {
      for (const id of topicsOfPaper(paper, this.#topics)) this.#topicMembers.get(id)?.add(paper.key);
    }
    this.#version = null;
    this.#organizations = null;
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

  search({ query, sort = 'relevance', since = null, anyTerm = false }: SearchRequest): SearchResults {
    const { hits: indexHits, allTerms } = this.#index.search(query, anyTerm);
    // Nobody pages past the first thousand results; building hit objects for 50,000 matches
    // of a common word in a large digest costs more than the search itself.
    let hits: SearchHit[] = [];
    for (const [position, hit] of indexHits.entries()) {
      const paper = this.#papers.get(hit.key);
      if (!paper || (since && (paper.publishedAt === null || paper.publishedAt < since))) continue;
      hits.push({ paper, score: hit.score, terms: hit.terms, matchedAll: position < allTerms });
      if (hits.length === MAX_HITS) break;
    }
    if (sort !== 'relevance') {
      const order = sort === 'newest' ? byNewest : byUpvotes;
      hits = [...hits].sort((a, b) => order(a.paper, b.paper));
    }
    return { hits, suggestions: hits.length === 0 ? this.#index.suggest(query) : [] };
  }

  /**
   * Sentences of these papers' abstracts matching any word of the query, best first, for
   * answers. The sentence index is built per question over the candidate papers only: a
   * digest-wide one doubles build time and memory and makes questions slow at 100,000
   * papers (see docs/benchmarks.md).
   */
  searchSentences(query: string, papers: readonly Paper[]): SentenceHit[] {
    const index = new SentenceIndex();
    index.addAll(papers);
    return index.search(query, (term) => this.#index.isKnownTerm(term));
  }

  /** Papers whose titles match what is being typed (prefix and typos), for autocomplete. */
  suggestTitles(typed: string, count: number): Paper[] {
    return this.#titles.suggest(typed, count, (text) => this.#index.searchTitles(text, count)).flatMap((key) => this.#papers.get(key) ?? []);
  }

  /** The papers most like this one (TF-IDF cosine over title, abstract and keywords), itself excluded. */
  similar(paper: Paper, count: number): Paper[] {
    return this.#index.similar(paper, count, (key) => this.#papers.get(key)).flatMap((key) => this.#papers.get(key) ?? []);
  }

  /** How many papers contain a stemmed term (0 for a word the digest lacks): how specific the word is, for answers. */
  documentFrequency(stem: string): number {
    return this.#index.documentFrequency(stem);
  }

  /** The most specific digest words of a text (rare in the digest), for "Find papers". */
  keyTerms(text: string, count: number): string[] {
    return this.#index.keyTerms(text, count);
  }

  /** Every organization named by a paper, once. */
  organizations(): Organization[] {
    // Every question reads this; derive it once per change of the digest, not per question.
    if (this.#organizations === null) {
      const byId = new Map<string, Organization>();
      for (const paper of this.#papers.values()) if (paper.organization) byId.set(paper.organization.id, paper.organization);
      this.#organizations = [...byId.values()];
    }
    return this.#organizations;
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
