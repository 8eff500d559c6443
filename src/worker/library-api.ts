import type { Paper } from '../digest/paper.js';
import type { EmbeddingsStatus } from '../embeddings/embeddings-settings.js';
import type { Answer } from '../library/answer-question.js';
import type { SortOrder, TopicSummary } from '../library/library.js';
import type { Page } from '../library/paginate.js';
import type { PeriodScope } from '../library/period-papers.js';
import type { Topic } from '../library/topics.js';
import type { ChartImage, PeriodChartRequest, StatsChartRequest } from './stats-charts.js';

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
 * What the main thread may ask the library worker. Arguments and results are plain data
 * (they cross threads by structured clone): dates travel as ISO strings.
 */
export interface LibraryApi {
  status(): LoadStatus;
  searchPage(request: SearchPageRequest): SearchPage;
  /** Waits for the question's embedding (bounded by EMBEDDINGS_TIMEOUT_MS) when an embeddings endpoint is configured. */
  answer(question: string, nowIso: string): Promise<Answer>;
  /** A paper by key with its topics, or null. */
  paper(key: string): PaperDetails | null;
  /** A paper by the short id a button carries, with its topics. */
  paperByShortId(shortId: string): PaperDetails | null;
  /** The papers of these keys that exist, in the order asked. */
  papers(keys: readonly string[]): Paper[];
  /** Papers whose titles match what is typed; the newest papers for empty input. */
  suggestTitles(typed: string, count: number): Paper[];
  latest(count: number): Paper[];
  /** The papers most like this one (by short id), itself excluded; null when it is gone. */
  similar(shortId: string, count: number): { paper: Paper; similar: Paper[] } | null;
  /** The most specific digest words of a text (chatter and unknown words dropped), rarest first. */
  keyTerms(text: string, count: number): string[];
  topics(): TopicSummary[];
  findTopic(input: string): Topic | null;
  /** A page of a topic's papers, newest first; null for an unknown topic. */
  topicPage(topicId: string, page: number, pageSize: number): { topic: Topic; page: Page<Paper> } | null;
  /** The paper at `fraction` ([0, 1)) of the digest or of a topic; null when there is none. */
  random(fraction: number, topicId: string | null): Paper | null;
  /** Every paper key: announcements compare them with the papers already known. */
  keys(): string[];
  routedPapers(keys: readonly string[]): RoutedPaper[];
  /**
   * Reads one digest file (a name relative to the digest folder, such as `feed/2026-08-21.json`)
   * into the index. Resolves once its papers are indexed; new papers are announced through
   * the worker's `added` event.
   */
  ingestFile(name: string): Promise<{ papers: number; added: number }>;
  /**
   * The papers of a period in a scope (see periodPapers), most upvoted first: the first
   * `limit`, and how many there are.
   */
  periodPapers(request: PeriodScope & { limit: number }): { top: Paper[]; total: number };
  /** A digest post's picture of its period (stats and rendering run here, in the worker). */
  digestChart(request: PeriodChartRequest): Promise<ChartImage>;
  /** The /stats picture of the digest or a topic since a day; null for an unknown topic. */
  statsChart(request: StatsChartRequest): Promise<ChartImage | null>;
}

export const LIBRARY_METHODS = [
  'status',
  'searchPage',
  'answer',
  'paper',
  'paperByShortId',
  'papers',
  'suggestTitles',
  'latest',
  'similar',
  'keyTerms',
  'topics',
  'findTopic',
  'topicPage',
  'random',
  'keys',
  'routedPapers',
  'ingestFile',
  'periodPapers',
  'digestChart',
  'statsChart',
] as const satisfies readonly (keyof LibraryApi)[];
export type LibraryMethod = (typeof LIBRARY_METHODS)[number];

// Every method of the API is in the list (a compile error names the one missing).
const everyMethodListed: Record<Exclude<keyof LibraryApi, LibraryMethod>, never> = {};
void everyMethodListed;

/** The API as the main thread holds it: every call is a message to the worker. */
export type RemoteLibrary = {
  [K in keyof LibraryApi]: (...args: Parameters<LibraryApi[K]>) => Promise<Awaited<ReturnType<LibraryApi[K]>>>;
};
