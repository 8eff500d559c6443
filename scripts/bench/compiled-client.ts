import type { LibraryClient } from '../../src/worker/library-client.js';

/**
 * The library client of the compiled build (dist/), as `npm start` runs it: its worker starts
 * from library-worker.js without the TypeScript loader that scripts under tsx would register
 * in it (about 0.6 s of each start). run-bench.ts builds dist/ first when it is stale.
 */
export async function compiledLibraryClient(): Promise<typeof LibraryClient> {
  const url = new URL('../../dist/src/worker/library-client.js', import.meta.url);
  return ((await import(url.href)) as { LibraryClient: typeof LibraryClient }).LibraryClient;
}
