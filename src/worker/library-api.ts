import type { Lane } from './call-queue.js';
import { libraryQueries, type QueryContext } from './library-queries.js';

export type { LoadStatus, PaperDetails, RoutedPaper, SearchPage, SearchPageRequest } from './library-queries.js';

type Queries = typeof libraryQueries;
/** A query's arguments after the context it is given first. */
type QueryArgs<Query> = Query extends (context: QueryContext, ...args: infer Args) => unknown ? Args : never;

/**
 * What the main thread may ask the library worker, as the worker answers it: every query of
 * `libraryQueries` (library-queries.ts, where each is written and documented) without its
 * context. Arguments and results are plain data (they cross threads by structured clone).
 */
export type LibraryApi = { [K in keyof Queries]: (...args: QueryArgs<Queries[K]>) => ReturnType<Queries[K]> };

export type LibraryMethod = keyof Queries;

/** The names of the queries: the client sends these, the worker answers them. */
export const LIBRARY_METHODS = Object.keys(libraryQueries) as LibraryMethod[];

/**
 * How the worker schedules a call (see call-queue.ts). `lane`: interactive calls start before
 * heavy ones; a function decides per call, from the worker's state and the arguments (as sent:
 * it must accept anything). Deadlines are the caller's (LibraryClient: its call timeout, or a
 * view's, `within`), not the method's.
 */
interface CallPolicy<Args extends unknown[]> {
  lane: Lane | ((context: QueryContext, ...args: Partial<Args>) => Lane);
}

/**
 * Every method's lane and deadline, in one table. Interactive: autocomplete, lists, lookups,
 * paging, status (a few ms each). Heavy: anything that runs a full-text search or reads the
 * whole digest (search, /ask, similar papers, charts, stats, the new-paper pipeline's calls).
 */
export const LIBRARY_CALLS: { [K in LibraryMethod]: CallPolicy<QueryArgs<Queries[K]>> } = {
  status: { lane: 'interactive' },
  // Next and Previous page a search the worker holds: a lookup. A new search is heavy.
  searchPage: { lane: (context, request) => (context.searches.has(request) ? 'interactive' : 'heavy') },
  answer: { lane: 'heavy' },
  paper: { lane: 'interactive' },
  paperByShortId: { lane: 'interactive' },
  papers: { lane: 'interactive' },
  suggestTitles: { lane: 'interactive' },
  latest: { lane: 'interactive' },
  similar: { lane: 'heavy' },
  keyTerms: { lane: 'interactive' },
  topics: { lane: 'interactive' },
  findTopic: { lane: 'interactive' },
  topicPage: { lane: 'interactive' },
  random: { lane: 'interactive' },
  keys: { lane: 'heavy' },
  routedPapers: { lane: 'heavy' },
  ingestFile: { lane: 'heavy' },
  periodPapers: { lane: 'heavy' },
  digestChart: { lane: 'heavy' },
  statsChart: { lane: 'heavy' },
};

/** The API as the main thread holds it: every call is a message to the worker. */
export type RemoteLibrary = { [K in keyof Queries]: (...args: QueryArgs<Queries[K]>) => Promise<Awaited<ReturnType<Queries[K]>>> };
