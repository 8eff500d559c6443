import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem } from '../digest/digest-problem.js';
import { loadDigest } from '../digest/load-digest.js';
import { Library, type LibrarySnapshot } from '../library/library.js';
import { loadTopics } from '../library/load-topics.js';
import { packageVersion } from '../library/package-version.js';
import type { Logger } from '../log.js';

/** Bump when the index's options or snapshot layout change, so old caches are not loaded. */
const INDEX_FORMAT = 4;
/** Everything whose upgrade changes what the index holds: a new stemmer means new stems. */
const INDEX_LIBRARIES = ['minisearch', 'stemmer', 'stopword'] as const;

export interface LoadLibraryOptions {
  maxFileBytes?: number;
  /**
   * Where to keep built indexes, keyed by the digest's contents, the topics, the index
   * format and the versions of the libraries that build it: a restart with the same digest
   * loads the index instead of rebuilding it. Absent: always build.
   */
  cacheDir?: string | undefined;
  /** Told the library and the digest's paper count as soon as the library exists, and after every slice of a cold build. */
  onProgress?: (library: Library, total: number) => void;
}

export interface LoadedLibrary {
  library: Library;
  indexCache: 'hit' | 'miss' | 'off';
  /** After a cold build with a cache folder: writes the index cache (call it once the library serves). */
  writeCache: (() => Promise<void>) | null;
}

/**
 * Reads the digest folder into a Library. Every bad file is logged by name and line and
 * skipped; the library starts with whatever loaded, even nothing. A cache that cannot be
 * read or does not fit the digest is logged and rebuilt.
 */
export async function loadLibrary(dir: string, log: Logger, options: LoadLibraryOptions = {}): Promise<LoadedLibrary> {
  const started = performance.now();
  const [digest, topics] = await Promise.all([
    loadDigest(dir, options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
    loadTopics(dir),
  ]);
  for (const problem of [...digest.problems, ...(topics.problem ? [topics.problem] : [])]) {
    log.warn({ file: problem.file, line: problem.line }, `digest problem: ${formatProblem(problem)}`);
  }
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `library-${indexCacheKey(digest.contentHash, topics.topics)}.json`) : null;
  const total = digest.papers.length;

  let library: Library | null = null;
  if (cacheFile) {
    const snapshot = await readSnapshot(cacheFile, log);
    try {
      library = snapshot ? new Library(digest.papers, topics.topics, snapshot) : null;
    } catch (error) {
      log.warn({ file: cacheFile, reason: (error as Error).message }, 'index cache does not fit the digest; rebuilding');
    }
  }
  const indexCache = library ? 'hit' : cacheFile ? 'miss' : 'off';
  if (library) {
    options.onProgress?.(library, total);
  } else {
    library = await Library.build(digest.papers, topics.topics, (partial) => options.onProgress?.(partial, total));
  }
  const built = library;
  const writeCache = indexCache === 'miss' && options.cacheDir && cacheFile ? () => writeSnapshot(options.cacheDir as string, cacheFile, built, log) : null;
  log.info(
    {
      dir,
      papers: library.size,
      topics: library.topics.length,
      files: digest.files.length,
      problems: digest.problems.length,
      indexCache,
      ms: Math.round(performance.now() - started),
    },
    'digest loaded',
  );
  return { library, indexCache, writeCache };
}

/** The versions of the libraries that shape the index, e.g. "minisearch@7.2.0 stemmer@2.0.1 stopword@3.1.5". */
export const INDEX_LIBRARY_VERSIONS = INDEX_LIBRARIES.map((name) => `${name}@${packageVersion(name)}`).join(' ');

/** The index cache's name: equal only for the same digest, topics, index format and library versions. */
export function indexCacheKey(contentHash: string, topics: unknown, versions = INDEX_LIBRARY_VERSIONS): string {
  return createHash('sha256')
    .update(`${INDEX_FORMAT}\0${versions}\0${contentHash}\0${JSON.stringify(topics)}`)
    .digest('hex')
    .slice(0, 16);
}

async function readSnapshot(file: string, log: Logger): Promise<LibrarySnapshot | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LibrarySnapshot;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, reason: (error as Error).message }, 'index cache unreadable; rebuilding');
    return null;
  }
}

/** Writes the snapshot (via a temporary file, so a crash never leaves half a cache) and removes older ones. */
async function writeSnapshot(dir: string, file: string, library: Library, log: Logger): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(library.toSnapshot()));
    await rename(temporary, file);
    for (const old of await readdir(dir)) {
      if (old.startsWith('library-') && path.join(dir, old) !== file && !old.endsWith('.tmp')) await rm(path.join(dir, old), { force: true });
    }
  } catch (error) {
    log.warn({ dir, reason: (error as Error).message }, 'could not write the index cache; the next start rebuilds');
  }
}
