import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDigest } from './digest/load-digest.js';
import { formatProblem } from './digest/digest-problem.js';
import { Library, type LibrarySnapshot } from './library/library.js';
import { loadTopics } from './library/load-topics.js';
import type { Logger } from './log.js';

/** Bump when the index's options or snapshot layout change, so old caches are not loaded. */
const INDEX_FORMAT = 3;

export interface LoadLibraryOptions {
  maxFileBytes?: number;
  /**
   * Where to keep built indexes, keyed by a hash of the digest's contents: a restart with
   * the same digest loads the index instead of rebuilding it. Absent: always build.
   */
  cacheDir?: string | undefined;
  /** Called with the library as soon as it exists, before a cold build finishes. */
  onLibrary?: (library: Library) => void;
}

/**
 * Reads the digest folder into a Library. Every bad file is logged by name and line and
 * skipped; the bot starts with whatever loaded, even nothing.
 */
export async function loadLibrary(dir: string, log: Logger, options: LoadLibraryOptions = {}): Promise<Library> {
  const started = performance.now();
  const [digest, topics] = await Promise.all([
    loadDigest(dir, options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
    loadTopics(dir),
  ]);
  for (const problem of [...digest.problems, ...(topics.problem ? [topics.problem] : [])]) {
    log.warn({ file: problem.file, line: problem.line }, `digest problem: ${formatProblem(problem)}`);
  }
  const key = createHash('sha256')
    .update(`${INDEX_FORMAT}\0${digest.contentHash}\0${JSON.stringify(topics.topics)}`)
    .digest('hex')
    .slice(0, 16);
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `library-${key}.json`) : null;

  const cached = cacheFile ? await readSnapshot(cacheFile, log) : null;
  let library: Library;
  if (cached) {
    library = new Library(digest.papers, topics.topics, cached);
    options.onLibrary?.(library);
  } else {
    library = await Library.build(digest.papers, topics.topics, options.onLibrary);
    if (cacheFile && options.cacheDir) await writeSnapshot(options.cacheDir, cacheFile, library, log);
  }
  log.info(
    {
      dir,
      papers: library.size,
      topics: library.topics.length,
      files: digest.files.length,
      problems: digest.problems.length,
      indexCache: cached ? 'hit' : cacheFile ? 'miss' : 'off',
      ms: Math.round(performance.now() - started),
    },
    'digest loaded',
  );
  return library;
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
