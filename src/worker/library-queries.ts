import type { Paper } from '../digest/paper.js';
import type { EmbeddingsStatus } from '../embeddings/embeddings-settings.js';
import { answerQuestion, type Answer } from '../library/answer-question.js';
import type { Library, SortOrder, TopicSummary } from '../library/library.js';
import { paginate, type Page } from '../library/paginate.js';
import { periodPapers, type PeriodScope } from '../library/period-papers.js';
import { paperShortId } from '../library/short-id.js';
import type { Topic } from '../library/topics.js';
import type { RecentSearches } from './recent-searches.js';
import { periodChart, statsChart, type ChartImage, type PeriodChartRequest, type StatsChartRequest } from './stats-charts.js';

/** How far the digest has loaded. Every answer given while `state` is 'loading' says so. */
export interface LoadStatus {
  state: 'loading' | 'ready';
  /** Papers indexed so far (all of them once ready). */
  indexed: number;
  /** Papers in the digest, once its files are read; null before. */
  total: number | null;
  /** A short hash of the paper identities, for "the digest changed since" notes. */
  version: string;
  /** The newest paper's date (`YYYY-MM-DD`), for the health report; null without dated papers. */
  newest: string | null;
  /** How far papers are embedded, when an embeddings endpoint is configured and the digest has loaded. */
  embeddings?: EmbeddingsStatus | undefined;
}

export interface SearchPageRequest {
  query: string;
  sort: SortOrder;
  since: string | null;
  page: number;
  pageSize: number;
}

interface SearchPageHit {
  paper: Paper;
  /** Stemmed terms that matched, to put in bold. */
  terms: string[];
}

export interface SearchPage {
  /** A page of the first 1,000 matches in the asked order (`page.total` counts those). */
  page: Page<SearchPageHit>;
  /** Every paper that matches: more than `page.total` when over 1,000 do. */
  total: number;
  /** Whether some results match only some of the words. */
  partial: boolean;
  /** "Did you mean" queries, when nothing matched. */
  suggestions: string[];
  version: string;
}

/** A paper with what announcements route by. */
export interface RoutedPaper {
  paper: Paper;
  topicIds: string[];
}

export interface PaperDetails {
  paper: Paper;
  topics: Topic[];
  /** The id its buttons carry (`paperShortId`, src/library/short-id.ts). */
  shortId: string;
}

/**
 * Paper keys by similarity to a question, best first, resolving to undefined when the
 * embeddings fail; `undefined` itself, at once, when no endpoint is configured.
 */
export type SemanticRanking = (question: string) => Promise<readonly string[] | undefined> | undefined;

/** What every query is given first: the library worker's state (see LibraryService). */
export interface QueryContext {
  /** The library as it is now: while the digest loads, the papers indexed so far. */
  library(): Library;
  semantic: SemanticRanking;
  /** The searches run last, emptied whenever the library changes: paging one is a lookup. */
  searches: RecentSearches;
  status(): LoadStatus;
  ingestFile(name: string): Promise<{ papers: number; added: number }>;
}

/**
 * A query: the context, then the caller's arguments, each with its type written (one left
 * unwritten is `never`, and no caller can pass it). Arguments and results are plain data
 * (they cross threads by structured clone).
 */
type LibraryQuery = (context: QueryContext, ...args: never[]) => unknown;

/**
 * Everything the main thread may ask the library worker, written once. The worker's API
 * (LibraryApi), the client's (RemoteLibrary) and the method list (LIBRARY_METHODS) are
 * derived from this object in library-api.ts: a new query is one more entry here. Dates
 * travel as ISO strings.
 */
export const libraryQueries = {
  status: (context) => context.status(),

  /** A page of a search; the search itself is kept for the next pages (see RecentSearches). */
  searchPage: (context, request: SearchPageRequest): SearchPage => {
    const library = context.library();
    const { hits, total, suggestions, partial } = context.searches.get(library, request);
    return { page: paginate(hits, request.page, request.pageSize), total, partial, suggestions, version: library.version };
  },

  /**
   * Waits for the question's embedding (bounded by EMBEDDINGS_TIMEOUT_MS) when an embeddings
   * endpoint is configured. Other calls are answered while the question is embedded; the
   * library is read after that, as it is then. Without an endpoint it answers synchronously,
   * inside its turn of the call queue: an `await` here would let the ranking run after the
   * turn, outside the lanes and deadlines.
   */
  answer: (context, question: string, nowIso: string): Answer | Promise<Answer> => {
    const embedding = context.semantic(question);
    const rank = (semantic: readonly string[] | undefined) => answerQuestion(context.library(), question, new Date(nowIso), { semantic });
    return embedding === undefined ? rank(undefined) : embedding.catch(() => undefined).then(rank);
  },

  /** A paper by key with its topics, or null. */
  paper: (context, key: string): PaperDetails | null => {
    const paper = context.library().get(key);
    return paper ? details(context.library(), paper) : null;
  },

  /** A paper by the short id a button carries, with its topics. */
  paperByShortId: (context, shortId: string): PaperDetails | null => {
    const paper = context.library().getByShortId(shortId);
    return paper ? details(context.library(), paper) : null;
  },

  /** The papers of these keys that exist, in the order asked. */
  papers: (context, keys: readonly string[]): Paper[] => {
    const library = context.library();
    return keys.flatMap((key) => library.get(key) ?? []);
  },

  /** Papers whose titles match what is typed; the newest papers for empty input. */
  suggestTitles: (context, typed: string, count: number): Paper[] => {
    const library = context.library();
    return typed.trim() === '' ? library.latest(count) : library.suggestTitles(typed, count);
  },

  latest: (context, count: number): Paper[] => context.library().latest(count),

  /** The papers most like this one (by short id), itself excluded; null when it is gone. */
  similar: (context, shortId: string, count: number): { paper: Paper; similar: Paper[] } | null => {
    const library = context.library();
    const paper = library.getByShortId(shortId);
    return paper ? { paper, similar: library.similar(paper, count) } : null;
  },

  /** The most specific digest words of a text (chatter and unknown words dropped), rarest first. */
  keyTerms: (context, text: string, count: number): string[] => context.library().keyTerms(text, count),

  topics: (context): TopicSummary[] => context.library().topicSummaries(),

  findTopic: (context, input: string): Topic | null => context.library().findTopic(input) ?? null,

  /** A page of a topic's papers, newest first; null for an unknown topic. */
  topicPage: (context, topicId: string, page: number, pageSize: number): { topic: Topic; page: Page<Paper> } | null => {
    const library = context.library();
    const topic = library.topics.find((candidate) => candidate.id === topicId);
    if (!topic) return null;
    // Page the keys, then look up only the papers shown.
    const keys = paginate(library.topicKeys(topicId), page, pageSize);
    return { topic, page: { ...keys, items: keys.items.map((key) => library.get(key) as Paper) } };
  },

  /** The paper at `fraction` ([0, 1)) of the digest or of a topic; null when there is none. */
  random: (context, fraction: number, topicId: string | null): Paper | null => context.library().random(fraction, topicId ?? undefined) ?? null,

  /** Every paper key: announcements compare them with the papers already known. */
  keys: (context): string[] =>
    context
      .library()
      .all()
      .map((paper) => paper.key),

  routedPapers: (context, keys: readonly string[]): RoutedPaper[] => {
    const library = context.library();
    return keys.flatMap((key) => {
      const paper = library.get(key);
      return paper ? [{ paper, topicIds: library.topicsOf(paper).map((topic) => topic.id) }] : [];
    });
  },

  /**
   * Reads one digest file (a name relative to the digest folder, such as `feed/2026-08-21.json`)
   * into the index. Resolves once its papers are indexed; new papers are announced through
   * the worker's `added` event.
   */
  ingestFile: (context, name: string): Promise<{ papers: number; added: number }> => context.ingestFile(name),

  /**
   * The papers of a period in a scope (see periodPapers), most upvoted first: the first
   * `limit`, and how many there are.
   */
  periodPapers: (context, { limit, ...scope }: PeriodScope & { limit: number }): { top: Paper[]; total: number } => {
    const papers = periodPapers(context.library(), scope);
    return { top: papers.slice(0, Math.max(0, limit)), total: papers.length };
  },

  /** A digest post's picture of its period (stats and rendering run here, in the worker). */
  digestChart: (context, request: PeriodChartRequest): Promise<ChartImage> => periodChart(context.library(), request),

  /** The /stats picture of the digest or a topic since a day; null for an unknown topic. */
  statsChart: (context, request: StatsChartRequest): Promise<ChartImage | null> => statsChart(context.library(), request),
} satisfies Record<string, LibraryQuery>;

function details(library: Library, paper: Paper): PaperDetails {
  return { paper, topics: library.topicsOf(paper), shortId: paperShortId(paper) };
}
