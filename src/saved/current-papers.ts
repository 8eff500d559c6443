import type { Paper } from '../digest/paper.js';
import type { RemoteLibrary } from '../worker/library-api.js';

/**
 * The digest's current record of each saved paper (newer upvotes, a merged record), or the
 * copy saved with it when the digest no longer has it (or never had: a paper saved from an
 * unfurled link). One call to the library worker, in the order given.
 */
export async function currentPapers(library: RemoteLibrary, saved: readonly Paper[]): Promise<Paper[]> {
  const current = new Map((await library.papers(saved.map((paper) => paper.key))).map((paper) => [paper.key, paper]));
  return saved.map((paper) => current.get(paper.key) ?? paper);
}
