import type { Organization, Paper } from '../digest/paper.js';
import { addPapers } from '../digest/merge-papers.js';
import { LazyJsonArray, LazyJsonObject } from './lazy-json.js';
import { type Pacer, runPaced, timeSlices } from '../time/pacer.js';
import { PaperIndex, type PaperIndexSnapshot } from './paper-index.js';
import { paperShortId } from './short-id.js';
import { TitleIndex } from './title-index.js';
import { byNewest, PaperOrder } from './paper-order.js';
import { compileTopics, findTopic, topicsOfPaper, type CompiledTopic, type Topic } from './topics.js';
import { isArxivId } from '../digest/arxiv-id.js';
import { searchLibrary, type SearchHit, type SearchRequest, type SearchResults } from './library-search.js';

export { SORT_ORDERS, type SortOrder } from './library-search.js';

export interface TopicSummary {
  topic: Topic;
  count: number;
}

export interface LibrarySnapshot {
  paperIndex: PaperIndexSnapshot;
  topicMembers: Record<string, string[]>;
}

/** From this many papers, autocomplete reads the newest titles before it searches (see suggestTitles). */
export const SCAN_TITLES_FROM = 20_000;
/** How long one step of Library.build aims to take: a call that arrives waits about this long before the build can pause. */
const STEP_MS = 2;
/** The most titles autocomplete reads, newest first, before it searches. */
const SCANNED_TITLES = 3_000;

/**
 * The digest as the bot knows it: papers by identity, the full-text index, the topic
 * taxonomy and the orders that lists read (newest first, per topic). Knows nothing of
 * Discord; in the bot it lives in the library worker (src/worker/).
 */
export class Library {
  readonly #papers = new Map<string, Paper>();
  readonly #index: PaperIndex;
  readonly #titles = new TitleIndex();
  readonly #topics: CompiledTopic[];
  readonly #topicMembers = new Map<string, Set<string>>();
  readonly #newest = new PaperOrder((a, b) => this.#compareNewest(a, b));
  readonly #topicOrders = new Map<string, PaperOrder>();
  /** Short ids of papers without an arXiv id (a hash of the key) → key, for button clicks. */
  readonly #keyOfShortId = new Map<string, string>();
  /** The sum of a 32-bit hash of every key: the version, kept as papers arrive (no sort, no rehash). */
  #keyHashSum = 0;
  /** The latest `publishedAt` any paper placed has had (a merge that moves a date earlier does not lower it). */
  #newestDate: string | null = null;
  #organizations: Organization[] | null = null;
  #changes = 0;

  /**
   * Indexes the papers now; or, with a snapshot (see toSnapshot), takes the full-text index
   * from it. A snapshot of the wrong shape throws, so the caller can rebuild instead.
   */
  constructor(papers: Iterable<Paper>, topics: readonly Topic[] = [], snapshot?: LibrarySnapshot) {
    this.#topics = compileTopics(topics);
    for (const { topic } of this.#topics) {
      this.#topicMembers.set(topic.id, new Set());
      this.#topicOrders.set(topic.id, new PaperOrder((a, b) => this.#compareNewest(a, b)));
    }
    if (snapshot) {
      this.#index = new PaperIndex([], snapshot.paperIndex);
      const members = new Map(Object.entries(snapshot.topicMembers).map(([id, keys]) => [id, new Set(keys)]));
      for (const paper of papers) this.#place(paper, true, members);
      if (this.#index.size !== this.#papers.size) throw new Error(`index snapshot holds ${this.#index.size} papers, the digest ${this.#papers.size}`);
    } else {
      this.#index = new PaperIndex();
      this.add(papers);
    }
  }

  /**
   * Builds a library in steps of about STEP_MS, asking `pacer` after each whether to pause,
   * so the thread that builds it keeps answering queries (from the papers indexed so far)
   * while 100,000 papers are indexed. The default pauses for one turn of the event loop
   * every 40 ms; the worker's pauses as soon as a call waits (worker/queue-pacer.ts).
   * `onProgress` is told the count before each pause and at the end.
   */
  static async build(
    papers: readonly Paper[],
    topics: readonly Topic[],
    onProgress?: (library: Library) => void,
    pacer: Pacer = timeSlices(40),
  ): Promise<Library> {
    const library = new Library([], topics);
    onProgress?.(library);
    const telling: Pacer = {
      shouldPause: (ranMs) => pacer.shouldPause(ranMs),
      pause: () => {
        onProgress?.(library);
        return pacer.pause();
      },
    };
    await runPaced(library.#addSteps(papers), telling);
    onProgress?.(library);
    return library;
  }

  /** Adds papers in steps of about STEP_MS, yielding between steps (see build). */
  *#addSteps(papers: readonly Paper[]): Generator<void, void> {
    let start = 0;
    let chunk = 10;
    while (start < papers.length) {
      const began = performance.now();
      this.add(papers.slice(start, start + chunk));
      start += chunk;
      // Aim each step at STEP_MS, whatever the machine's speed; grow slowly, so one fast
      // step cannot make the next one long.
      chunk = Math.max(1, Math.min(1000, Math.round(chunk * Math.min(2, STEP_MS / Math.max(0.05, performance.now() - began)))));
      if (start < papers.length) yield;
    }
  }

  /** The indexes in a form that loads much faster than rebuilding them (see load-library.ts). */
  toSnapshot(): LibrarySnapshot {
    return {
      paperIndex: this.#index.toSnapshot(),
      topicMembers: Object.fromEntries([...this.#topicMembers].map(([id, keys]) => [id, [...keys]])),
    };
  }

  /** toSnapshot() as it is written to a file, its large parts produced as they are written (see PaperIndex.toLazySnapshot). Valid after settled(), while nothing is added. */
  toLazySnapshot(): Record<keyof LibrarySnapshot, unknown> {
    return {
      paperIndex: this.#index.toLazySnapshot(),
      topicMembers: new LazyJsonObject(() => [...this.#topicMembers].map(([id, keys]) => [id, new LazyJsonArray(() => keys)] as const)),
    };
  }

  /** How many times add() has changed the library: a snapshot being written is valid while this stays the same. */
  get changes(): number {
    return this.#changes;
  }

  /** Resolves once the index holds nothing replaced papers left behind (see PaperIndex.settled): then a snapshot can be written. */
  settled(): Promise<void> {
    return this.#index.settled();
  }

  get size(): number {
    return this.#papers.size;
  }

  /**
   * A short hash of the paper identities (8 hex digits): it changes whenever a paper is
   * added, whatever the order papers arrived in, and costs nothing to read.
   */
  get version(): string {
    return (this.#keyHashSum % 2 ** 32).toString(16).padStart(8, '0');
  }

  get topics(): readonly Topic[] {
    return this.#topics.map(({ topic }) => topic);
  }

  /** Adds papers (merging duplicates) to the index in place, without a rebuild. Returns the new ones. */
  add(papers: Iterable<Paper>): Paper[] {
    const incoming = [...papers];
    if (incoming.length > 0) this.#changes += 1;
    // The records the index holds now, so it can count the words a merge brings.
    const indexed = new Map<string, Paper>();
    for (const { key } of incoming) {
      const known = this.#papers.get(key);
      if (known) indexed.set(key, known);
    }
    const addedKeys = new Set(addPapers(this.#papers, incoming));
    // Re-index every paper touched: a duplicate may have brought new keywords or links.
    const changed = [...new Set(incoming.map((paper) => paper.key))].map((key) => this.#papers.get(key) as Paper);
    this.#index.addAll(changed, (key) => indexed.get(key));
    for (const paper of changed) this.#place(paper, addedKeys.has(paper.key));
    this.#organizations = null;
    return changed.filter((paper) => addedKeys.has(paper.key));
  }

  /** Puts an indexed paper into the map, the title index, its topics and the orders. */
  #place(paper: Paper, isNew: boolean, snapshotMembers?: ReadonlyMap<string, ReadonlySet<string>>): void {
    this.#papers.set(paper.key, paper);
    if (isNew) this.#keyHashSum += fnv1a(paper.key);
    this.#titles.add(paper);
    this.#newest.add(paper.key, isNew);
    if (paper.publishedAt !== null && (this.#newestDate === null || paper.publishedAt > this.#newestDate)) this.#newestDate = paper.publishedAt;
    if (paper.arxivId === null) this.#keyOfShortId.set(paperShortId(paper), paper.key);
    const topicIds = snapshotMembers ? [] : topicsOfPaper(paper, this.#topics);
    for (const { topic } of this.#topics) {
      const inTopic = snapshotMembers ? (snapshotMembers.get(topic.id)?.has(paper.key) ?? false) : topicIds.includes(topic.id);
      // Membership only grows: a merged record brings more text, never less.
      if (!inTopic) continue;
      const members = this.#topicMembers.get(topic.id) as Set<string>;
      const joined = !members.has(paper.key);
      members.add(paper.key);
      (this.#topicOrders.get(topic.id) as PaperOrder).add(paper.key, joined);
    }
  }

  #compareNewest(a: string, b: string): number {
    return byNewest(this.#papers.get(a) as Paper, this.#papers.get(b) as Paper);
  }

  get(key: string): Paper | undefined {
    return this.#papers.get(key);
  }

  /** A paper by the short id its buttons carry (paperShortId): its arXiv id, or a hash of its title-based key. */
  getByShortId(id: string): Paper | undefined {
    const key = isArxivId(id) ? id : this.#keyOfShortId.get(id);
    return key === undefined ? undefined : this.#papers.get(key);
  }

  all(): Paper[] {
    return [...this.#papers.values()];
  }

  /**
   * The papers that match a query, `since` applied: the first 1,000 of all of them in the
   * asked order, and how many there are (see searchLibrary, library-search.ts).
   */
  search(request: SearchRequest): SearchResults {
    return searchLibrary({ index: this.#index, papers: this.#papers, newest: this.#newest }, request);
  }

  /** The stems of what an abbreviation stands for in the papers ("moe" → mixtur, expert), or undefined. */
  expandAbbreviation(word: string): string[] | undefined {
    return this.#index.expandAbbreviation(word);
  }

  /** The plain full-text ranking of a question's words (see PaperIndex.plainSearch, bounded as a question's), the first `limit` papers. */
  plainSearch(query: string, limit: number): SearchHit[] {
    return this.#index.plainSearch(query, limit, true).flatMap((hit) => {
      const paper = this.#papers.get(hit.key);
      return paper ? [{ paper, score: hit.score, terms: hit.terms, matchedAll: false }] : [];
    });
  }

  /** Papers whose titles match what is being typed (prefix and typos), for autocomplete; in a large digest, the newest titles holding the typed words first. */
  suggestTitles(typed: string, count: number): Paper[] {
    const searchWords = (text: string) => this.#index.searchTitles(text, count);
    // From SCAN_TITLES_FROM papers, the newest titles holding the words come first: found by
    // reading titles until there are enough, they cost a few milliseconds where the search
    // scores every paper holding a common word ("long": a third of 100,000 papers, 0.1-0.4 s).
    const newestFirst = (text: string) => {
      const found = this.#titles.containing(text, count, this.#newest.keys(), SCANNED_TITLES);
      return found.length >= count ? found : [...new Set([...found, ...searchWords(text)])].slice(0, count);
    };
    return this.#titles.suggest(typed, count, this.size >= SCAN_TITLES_FROM ? newestFirst : searchWords).flatMap((key) => this.#papers.get(key) ?? []);
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

  /**
   * The newest paper's date (`YYYY-MM-DD`), or null without dated papers: kept as papers
   * arrive, so the status sent after every ingest does not sort the whole library.
   */
  get newestDate(): string | null {
    return this.#newestDate;
  }

  /** The first `count` papers by date that pass `keep`, unknown dates last: read until they are found. */
  newestWhere(count: number, keep: (paper: Paper) => boolean): Paper[] {
    const found: Paper[] = [];
    for (const key of this.#newest.keys()) {
      if (found.length >= count) break;
      const paper = this.#papers.get(key) as Paper;
      if (keep(paper)) found.push(paper);
    }
    return found;
  }

  /** The newest papers by date, unknown dates last. */
  latest(count: number): Paper[] {
    return this.newestWhere(count, () => true);
  }

  topicSummaries(): TopicSummary[] {
    return this.#topics.map(({ topic }) => ({ topic, count: this.#topicMembers.get(topic.id)?.size ?? 0 }));
  }

  findTopic(input: string): Topic | undefined {
    return findTopic(this.topics, input);
  }

  /** The keys of a topic's papers, newest first (empty for an unknown topic). */
  topicKeys(topicId: string): readonly string[] {
    return this.#topicOrders.get(topicId)?.keys() ?? [];
  }

  /** A topic's papers, newest first. */
  papersInTopic(topicId: string): Paper[] {
    return this.topicKeys(topicId).map((key) => this.#papers.get(key) as Paper);
  }

  topicsOf(paper: Paper): Topic[] {
    return this.#topics.filter(({ topic }) => this.#topicMembers.get(topic.id)?.has(paper.key)).map(({ topic }) => topic);
  }

  /** The paper at `fraction` ([0, 1), e.g. Math.random()) of the digest or of a topic; undefined when there is none. */
  random(fraction: number, topicId?: string): Paper | undefined {
    const pool = topicId === undefined ? this.#newest.keys() : this.topicKeys(topicId);
    const key = pool[Math.min(pool.length - 1, Math.floor(Math.max(0, fraction) * pool.length))];
    return key === undefined ? undefined : this.#papers.get(key);
  }
}

/** The 32-bit FNV-1a hash of a string: cheap, and spread well enough for a version. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}
