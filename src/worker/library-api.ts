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

/** The API as the main thread holds it: every call is a message to the worker. */
export type RemoteLibrary = { [K in keyof Queries]: (...args: QueryArgs<Queries[K]>) => Promise<Awaited<ReturnType<Queries[K]>>> };
