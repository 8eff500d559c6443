import type { Organization, Paper } from '../digest/paper.js';
import { addPapers } from '../digest/merge-papers.js';
import { type Pacer, runPaced, timeSlices } from '../time/pacer.js';
import { PaperIndex } from './paper-index.js';
import { arrayPayload, asRecord, inRecords, type SnapshotRecord } from './snapshot-records.js';
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

/** Another thread that indexes part of a cold build's papers (see Library.build; the worker's: worker/index-on-thread.ts). */
export interface IndexElsewhere {
  /** Indexes the papers there; resolves with their index's records (PaperIndex.records), to be read once, in order. */
  index(papers: readonly Paper[]): Promise<Iterable<unknown>>;
  /** Told how joining those records went: null when joined, else why not (everything was then built here). */
  joined?(error: Error | null): void;
}

/** What a restored snapshot gives the constructor (see Library.fromRecords). */
interface RestoredLibrary {
  index: PaperIndex;
  topicMembers: ReadonlyMap<string, ReadonlySet<string>>;
}

/** From this many papers, autocomplete reads the newest titles before it searches (see suggestTitles). */
export const SCAN_TITLES_FROM = 20_000;
/** How long one step of Library.build aims to take: a call that arrives waits about this long before the build can pause. */
const STEP_MS = 2;
/** The most titles autocomplete reads, newest first, before it searches. */
const SCANNED_TITLES = 3_000;
/** From this many papers, a build given another thread indexes part of them there (see build). */
export const SPLIT_FROM_PAPERS = 4_000;
/** The share of the papers indexed on the other thread: this one also answers queries meanwhile. */
const ELSEWHERE_SHARE = 0.5;
/** Papers placed per step after a join (titles, topics, orders): a few milliseconds. */
const PLACED_PER_STEP = 200;
/** Papers per record of a snapshot: some 50 KB of text, written in about half a millisecond. */
const PAPERS_PER_RECORD = 30;
/** Topic members per record of a snapshot. */
const MEMBERS_PER_RECORD = 2_000;

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
   * Indexes the papers now; or, restored from a snapshot (see fromRecords), takes the
   * full-text index and topic members from it.
   */
  constructor(papers: Iterable<Paper>, topics: readonly Topic[] = [], restored?: RestoredLibrary) {
    this.#topics = compileTopics(topics);
    for (const { topic } of this.#topics) {
      this.#topicMembers.set(topic.id, new Set());
      this.#topicOrders.set(topic.id, new PaperOrder((a, b) => this.#compareNewest(a, b)));
    }
    if (restored) {
      this.#index = restored.index;
      for (const paper of papers) this.#place(paper, true, false);
      // Topic by topic, in the order the members joined: 14 set lookups per paper cost 0.1 s at 100,000 papers.
      for (const [id, keys] of restored.topicMembers) for (const key of keys) if (this.#papers.has(key)) this.#joinTopic(id, key);
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
   * `onProgress` is told the library before each pause and at the end.
   *
   * With `elsewhere` (another thread: worker/index-on-thread.ts) and at least
   * SPLIT_FROM_PAPERS distinct papers, the last ELSEWHERE_SHARE of them are indexed there
   * while this thread indexes the others; their index's records are then joined to this one
   * (PaperIndex.append) as if those papers had been added after the others, so it ranks as a
   * one-pass build would. Until then the library answers from this thread's papers. If
   * `elsewhere` fails, this thread indexes those papers too; if its records cannot be joined
   * (`elsewhere.joined` is told why), the half-joined library is dropped and every paper is
   * indexed here.
   */
  static async build(
    papers: readonly Paper[],
    topics: readonly Topic[],
    onProgress?: (library: Library) => void,
    pacer: Pacer = timeSlices(40),
    elsewhere?: IndexElsewhere,
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
    const distinct = new Set(papers.map((paper) => paper.key)).size === papers.length;
    const split = elsewhere && distinct && papers.length >= SPLIT_FROM_PAPERS ? Math.round(papers.length * (1 - ELSEWHERE_SHARE)) : papers.length;
    const rest = papers.slice(split);
    // Caught at once: a failure must not go unhandled while this thread still builds.
    const there = rest.length > 0 && elsewhere ? elsewhere.index(rest).catch(() => null) : Promise.resolve(null);
    await runPaced(library.#addSteps(papers.slice(0, split)), telling);
    const records = await there;
    if (records) {
      try {
        await runPaced(library.#joinSteps(records, rest), telling);
      } catch (error) {
        // A half-joined index cannot be trusted: build again, all here.
        elsewhere?.joined?.(error instanceof Error ? error : new Error(String(error)));
        return Library.build(papers, topics, onProgress, pacer);
      }
      elsewhere?.joined?.(null);
    } else {
      await runPaced(library.#addSteps(rest), telling);
    }
    onProgress?.(library);
    return library;
  }

  /** Joins the records of an index of `papers` built elsewhere (see build), a record a step, then places the papers. */
  *#joinSteps(records: Iterable<unknown>, papers: readonly Paper[]): Generator<void, void> {
    const join = this.#index.append();
    // The library is told to onProgress, not to anything that adds: an add now would break the join.
    const changes = this.#changes;
    for (const record of records) {
      const [kind, payload] = asRecord(record);
      if (!join.take(kind, payload)) throw new TypeError(`snapshot: ${kind} is not an index record`);
      yield;
      if (this.#changes !== changes) throw new Error('papers were added while an index was joined');
    }
    join.finish();
    this.#changes += 1;
    this.#organizations = null;
    for (let start = 0; start < papers.length; start += PLACED_PER_STEP) {
      for (const paper of papers.slice(start, start + PLACED_PER_STEP)) this.#place(paper, true);
      yield;
    }
    if (this.#index.size !== this.#papers.size) throw new Error(`the joined index holds ${this.#index.size} papers, the library ${this.#papers.size}`);
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

  /**
   * The library as records (snapshot-records.ts), produced one at a time: the index's
   * (PaperIndex.records), the papers, the topics' members, and an end record with the
   * count. fromRecords reads them back much faster than a rebuild (see
   * worker/load-library.ts). Read them after settled(), while nothing is added.
   */
  *records(): Generator<SnapshotRecord> {
    yield* this.#index.records();
    yield* inRecords('papers', this.#papers.values(), PAPERS_PER_RECORD);
    for (const [id, keys] of this.#topicMembers) {
      for (const [, chunk] of inRecords('', keys, MEMBERS_PER_RECORD)) yield ['topicMembers', [id, chunk]];
    }
    yield ['end', { papers: this.#papers.size }];
  }

  /**
   * The library that records() described, from its records read back one at a time (parsed
   * JSON): no more than one record's text and objects are held besides what the library
   * keeps. Throws on records of another shape, a missing end or counts that disagree (a
   * corrupt or foreign cache), so the caller can rebuild instead.
   */
  static fromRecords(records: Iterable<unknown>, topics: readonly Topic[] = []): Library {
    const index = PaperIndex.restore();
    const papers: Paper[] = [];
    const topicMembers = new Map<string, Set<string>>();
    let end: { papers?: unknown } | undefined;
    for (const record of records) {
      const [kind, payload] = asRecord(record);
      if (end !== undefined) throw new TypeError(`snapshot: ${kind} record after the end`);
      if (index.take(kind, payload)) continue;
      if (kind === 'papers') {
        for (const paper of arrayPayload(kind, payload)) papers.push(paper as Paper);
      } else if (kind === 'topicMembers') {
        const [id, keys] = arrayPayload(kind, payload);
        if (typeof id !== 'string') throw new TypeError('snapshot: malformed topicMembers record');
        const members = topicMembers.get(id) ?? new Set<string>();
        for (const key of arrayPayload(kind, keys)) members.add(key as string);
        topicMembers.set(id, members);
      } else if (kind === 'end') {
        end = payload ?? {};
      } else {
        throw new TypeError(`snapshot: unknown record ${kind}`);
      }
    }
    if (end === undefined) throw new TypeError('snapshot: no end record');
    if (end.papers !== papers.length) throw new TypeError(`snapshot: ${papers.length} papers of ${String(end.papers)}`);
    return new Library(papers, topics, { index: new PaperIndex([], index.finish()), topicMembers });
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
  #place(paper: Paper, isNew: boolean, findTopics = true): void {
    this.#papers.set(paper.key, paper);
    if (isNew) this.#keyHashSum += fnv1a(paper.key);
    this.#titles.add(paper);
    this.#newest.add(paper.key, isNew);
    if (paper.publishedAt !== null && (this.#newestDate === null || paper.publishedAt > this.#newestDate)) this.#newestDate = paper.publishedAt;
    if (paper.arxivId === null) this.#keyOfShortId.set(paperShortId(paper), paper.key);
    // Membership only grows: a merged record brings more text, never less.
    if (findTopics) for (const id of topicsOfPaper(paper, this.#topics)) this.#joinTopic(id, paper.key);
  }

  /** A paper in a topic (of this library's; a restored snapshot's other topics are ignored): joined, or changed when it already was. */
  #joinTopic(id: string, key: string): void {
    const members = this.#topicMembers.get(id);
    if (!members) return;
    const joined = !members.has(key);
    members.add(key);
    (this.#topicOrders.get(id) as PaperOrder).add(key, joined);
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
