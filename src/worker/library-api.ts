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
 * How long autocomplete's calls may take: the router answers autocomplete with no choices
 * after 2 s (Discord wants the choices within 3 s), so a call not started by then is dropped.
 */
export const AUTOCOMPLETE_DEADLINE_MS = 2000;

/**
 * How the worker schedules a call (see call-queue.ts). `lane`: interactive calls start before
 * heavy ones; a function decides per call, from the worker's state and the arguments (as sent:
 * it must accept anything). `deadlineMs`: the caller gives up after this (at most the client's
 * call timeout), and the worker drops the call if it has not started by then.
 */
interface CallPolicy<Args extends unknown[]> {
  lane: Lane | ((context: QueryContext, ...args: Partial<Args>) => Lane);
  deadlineMs?: number;
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
  suggestTitles: { lane: 'interactive', deadlineMs: AUTOCOMPLETE_DEADLINE_MS },
  latest: { lane: 'interactive' },
  similar: { lane: 'heavy' },
  keyTerms: { lane: 'interactive' },
  topics: { lane: 'interactive', deadlineMs: AUTOCOMPLETE_DEADLINE_MS },
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
