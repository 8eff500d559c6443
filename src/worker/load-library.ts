import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem, type DigestProblem } from '../digest/digest-problem.js';
import { isSidecar, parseDigestFiles, readDigestTexts } from '../digest/load-digest.js';
import type { Paper } from '../digest/paper.js';
import { Library, type LibrarySnapshot } from '../library/library.js';
import { loadTopics } from '../library/load-topics.js';
import { packageVersion } from '../library/package-version.js';
import type { Topic } from '../library/topics.js';
import type { Logger } from '../log.js';

/** Bump when the index's options, the snapshot layout or the papers' fields change (7: `listedOn`), so old caches are not loaded. */
const INDEX_FORMAT = 7;
/** Everything whose upgrade changes what the index holds: a new stemmer means new stems. */
const INDEX_LIBRARIES = ['minisearch', 'stemmer', 'stopword'] as const;

/** What the cache keeps: the papers and index of a digest, and which files (by content hash) they came from. */
interface IndexCache {
  files: Record<string, string>;
  papers: Paper[];
  /** Problems the files had when they were read, logged again at each start. */
  problems: DigestProblem[];
  library: LibrarySnapshot;
}

interface LoadLibraryOptions {
  maxFileBytes?: number;
  /**
   * Where to keep the index cache (one per topics, index format and library versions): a
   * restart loads the papers and index from it instead of reading and indexing the digest.
   * Absent: always build.
   */
  cacheDir?: string | undefined;
  /** Told the library and the digest's paper count as soon as the library exists, and after every slice of a cold build. */
  onProgress?: (library: Library, total: number) => void;
}

interface LoadedLibrary {
  library: Library;
  /** hit: the cache had this digest; updated: it had part of it and new files were added; miss: built; off: no cache. */
  indexCache: 'hit' | 'updated' | 'miss' | 'off';
  /** Writes the index cache when it changed (call it once the library serves), else null. */
  writeCache: (() => Promise<void>) | null;
}

/**
 * Reads the digest folder into a Library. Every bad file is logged by name and line and
 * skipped; the library starts with whatever loaded, even nothing.
 *
 * With a cache folder: every file is read and hashed. When the cache holds every file with
 * the same content, its papers and index are used as they are (nothing is parsed or
 * indexed). When files were only added or changed since (a new feed day; a day file the
 * feed rewrote with more papers), the cache is used and just those files are parsed and
 * added, as they would be while running. A file removed, a sidecar changed, or a cache that
 * cannot be read or does not fit means a full build. Papers a changed file no longer lists
 * stay until such a full build.
 */
export async function loadLibrary(dir: string, log: Logger, options: LoadLibraryOptions = {}): Promise<LoadedLibrary> {
  const started = performance.now();
  const [{ texts, problems: unreadable }, topics] = await Promise.all([readDigestTexts(dir, { maxFileBytes: options.maxFileBytes }), loadTopics(dir)]);
  if (topics.problem) logProblems(log, [topics.problem]);
  const hashes = new Map([...texts].map(([name, text]) => [name, createHash('sha256').update(text).digest('hex')]));
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `library-${indexCacheKey(topics.topics)}.json`) : null;
  const cache = cacheFile ? await readCache(cacheFile, log) : null;

  let loaded: { library: Library; problems: DigestProblem[]; indexCache: LoadedLibrary['indexCache'] } | null = null;
  if (cache) {
    const removed = Object.keys(cache.files).filter((name) => !hashes.has(name));
    const fresh = [...hashes].filter(([name, hash]) => cache.files[name] !== hash).map(([name]) => name);
    if (removed.length === 0 && !fresh.some(isSidecar)) loaded = fromCache(cache, fresh, texts, topics.topics, cacheFile as string, log);
  }
  if (loaded === null) {
    const digest = parseDigestFiles(texts);
    options.onProgress?.(new Library([], topics.topics), digest.papers.length);
    const library = await Library.build(digest.papers, topics.topics, (partial) => options.onProgress?.(partial, digest.papers.length));
    loaded = { library, problems: digest.problems, indexCache: cacheFile ? 'miss' : 'off' };
  } else {
    options.onProgress?.(loaded.library, loaded.library.size);
  }
  const { library, problems, indexCache } = loaded;
  logProblems(log, [...unreadable, ...problems]);
  const files = Object.fromEntries(hashes);
  const writeCache =
    options.cacheDir && cacheFile && indexCache !== 'hit'
      ? () => writeIndexCache(options.cacheDir as string, cacheFile, { files, papers: library.all(), problems, library: library.toSnapshot() }, log)
      : null;
  log.info(
    {
      dir,
      papers: library.size,
      topics: library.topics.length,
      files: texts.size,
      problems: unreadable.length + problems.length,
      indexCache,
      ms: Math.round(performance.now() - started),
    },
    'digest loaded',
  );
  return { library, indexCache, writeCache };
}

/** The library from the cache, with the files that are new or changed since parsed and added; null when the cache does not fit. */
function fromCache(
  cache: IndexCache,
  fresh: readonly string[],
  texts: ReadonlyMap<string, string>,
  topics: readonly Topic[],
  cacheFile: string,
  log: Logger,
): { library: Library; problems: DigestProblem[]; indexCache: 'hit' | 'updated' } | null {
  let library: Library;
  try {
    library = new Library(cache.papers, topics, cache.library);
  } catch (error) {
    log.warn({ file: cacheFile, reason: (error as Error).message }, 'index cache does not fit the digest; rebuilding');
    return null;
  }
  const kept = cache.problems.filter((problem) => !fresh.includes(problem.file));
  if (fresh.length === 0) return { library, problems: kept, indexCache: 'hit' };
  // Listings need the sidecars to read their arXiv ids.
  const names = new Set([...fresh, ...[...texts.keys()].filter(isSidecar)]);
  const digest = parseDigestFiles(new Map([...names].map((name) => [name, texts.get(name) as string])));
  library.add(digest.papers);
  return { library, problems: [...kept, ...digest.problems.filter((problem) => fresh.includes(problem.file))], indexCache: 'updated' };
}

function logProblems(log: Logger, problems: readonly DigestProblem[]): void {
  for (const problem of problems) log.warn({ file: problem.file, line: problem.line }, `digest problem: ${formatProblem(problem)}`);
}

/** The versions of the libraries that shape the index, e.g. "minisearch@7.2.0 stemmer@2.0.1 stopword@3.1.5". */
export const INDEX_LIBRARY_VERSIONS = INDEX_LIBRARIES.map((name) => `${name}@${packageVersion(name)}`).join(' ');

/** The index cache's name: one per topics, index format and library versions. The digest's files are checked inside it. */
export function indexCacheKey(topics: unknown, versions = INDEX_LIBRARY_VERSIONS): string {
  return createHash('sha256')
    .update(`${INDEX_FORMAT}\0${versions}\0${JSON.stringify(topics)}`)
    .digest('hex')
    .slice(0, 16);
}

async function readCache(file: string, log: Logger): Promise<IndexCache | null> {
  try {
    const cache = JSON.parse(await readFile(file, 'utf8')) as Partial<IndexCache>;
    if (typeof cache.files !== 'object' || cache.files === null || !Array.isArray(cache.papers) || !Array.isArray(cache.problems) || !cache.library) {
      log.warn({ file }, 'index cache does not fit the digest; rebuilding');
      return null;
    }
    return cache as IndexCache;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, reason: (error as Error).message }, 'index cache unreadable; rebuilding');
    return null;
  }
}

/** Writes the cache via a temporary file, so a crash never leaves half a cache, and removes caches of other settings. */
async function writeIndexCache(dir: string, file: string, cache: IndexCache, log: Logger): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(cache));
    await rename(temporary, file);
    for (const old of await readdir(dir)) {
      if (old.startsWith('library-') && path.join(dir, old) !== file && !old.endsWith('.tmp')) await rm(path.join(dir, old), { force: true });
    }
  } catch (error) {
    log.warn({ dir, reason: (error as Error).message }, 'could not write the index cache; the next start rebuilds');
  }
}
