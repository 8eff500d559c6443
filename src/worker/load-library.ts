import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DigestProblem } from '../digest/digest-problem.js';
import { DEFAULT_MAX_FILE_BYTES, digestFileSteps, type FileStamp, isSidecar, parseDigestFiles, readDigestTexts } from '../digest/load-digest.js';
import type { Paper } from '../digest/paper.js';
import { logDigestProblems } from '../digest/summarise-problems.js';
import { type IndexElsewhere, Library } from '../library/library.js';
import { loadTopics } from '../library/load-topics.js';
import { type Pacer, runPaced, timeSlices } from '../time/pacer.js';
import { packageVersion } from '../library/package-version.js';
import type { Topic } from '../library/topics.js';
import type { Logger } from '../log.js';
import { collectGarbage } from './collect-garbage.js';
import { readRecordFile, writeRecordFile } from './record-file.js';

/** Bump when the cache's layout changes, so old caches are not loaded. 8: records, one per line; 9: files' stamps. */
const INDEX_FORMAT = 9;
/** Everything whose upgrade changes what the index holds: a new stemmer means new stems. */
const INDEX_LIBRARIES = ['minisearch', 'stemmer', 'stopword'] as const;

/**
 * What the cache keeps, one record per line (record-file.ts): first `['digest', DigestRecord]`,
 * then the library's records (Library.records: the index, the papers, the topics' members).
 */
interface DigestRecord {
  /** Which files (by content hash) listed which papers, with each file's size and time when it was read. */
  files: Record<string, { hash: string; keys: string[] } & Partial<FileStamp>>;
  /** Problems the files had when they were read, logged again at each start. */
  problems: DigestProblem[];
}

/** A cache whose first record was read: the rest are read as the library is restored. */
interface OpenCache extends DigestRecord {
  records: Generator<unknown, void, undefined>;
}

interface LoadLibraryOptions {
  maxFileBytes?: number;
  /**
   * Where to keep the index cache (one per topics, index format and library versions): a
   * restart loads the papers and index from it instead of reading and indexing the digest.
   * Absent: always build.
   */
  cacheDir?: string | undefined;
  /** Told the library and the digest's paper count as soon as the library exists, and before every pause of a cold build and at its end. */
  onProgress?: (library: Library, total: number) => void;
  /** When hashing the digest's files, reading them and a cold build pause for other work (default: every 40 ms). */
  pacer?: Pacer | undefined;
  /** When writing the index cache pauses for other work (default: every 8 ms). */
  writePacer?: Pacer | undefined;
  /** Indexes part of the papers of a cold build on another thread (see Library.build; the worker's: index-on-thread.ts). */
  indexElsewhere?: IndexElsewhere | undefined;
}

interface LoadedLibrary {
  library: Library;
  /** hit: the cache had this digest; updated: it had part of it and new files were added; miss: built; off: no cache. */
  indexCache: 'hit' | 'updated' | 'miss' | 'off';
  /** Writes the index cache when it changed (call it once the library serves), else null. */
  writeCache: (() => Promise<void>) | null;
}

/**
 * Reads the digest folder into a Library, with the shipped topics and the folder's own. Bad
 * files and entries are skipped and logged: one warning per kind of problem, each by name
 * and line at debug level. The library starts with whatever loaded, even nothing.
 *
 * With a cache folder: every file whose size or modification time differs from the cache's,
 * that the cache kept no stamp for (see trustedStamp) or that is over the size limit is read
 * and hashed; the others keep the cache's hash unread. When the
 * cache holds every file with the same content, its papers and index are used as they are
 * (nothing is parsed or indexed), and it is written again only when files were read whose
 * stamps it did not have. When files were only added or changed since (a new feed day; a day file the
 * feed rewrote with more papers), the cache is used and just those files are parsed and
 * added, as they would be while running. A file removed, a sidecar changed, or a cache that
 * cannot be read or does not fit means a full build. Papers a changed file no longer lists
 * stay until such a full build.
 */
export async function loadLibrary(dir: string, log: Logger, options: LoadLibraryOptions = {}): Promise<LoadedLibrary> {
  const started = performance.now();
  const topics = await loadTopics(dir, { maxFileBytes: options.maxFileBytes });
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `library-${indexCacheKey(topics.topics)}.jsonl`) : null;
  const cache = cacheFile ? openCache(cacheFile, log) : null;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  // A file of the size and time the cache read it at is not read again: its hash is the cache's.
  // (One over the size limit is never offered: it is refused, as a start without the cache would.)
  const unchanged = cache ? (name: string, stamp: FileStamp) => sameStamp(cache.files[name], stamp) : undefined;
  const read = await readDigestTexts(dir, { maxFileBytes, unchanged });
  const { texts, stamps, problems: unreadable } = read;
  const pacer = options.pacer ?? timeSlices(40);
  const hashes = await runPaced(hashEach(texts), pacer);
  for (const name of read.unread) hashes.set(name, cache?.files[name]?.hash as string);
  /** Files left unread that were read after all. */
  const readLater = new Set<string>();
  /**
   * Reads files left unread after all (a rebuild needs every file; new files need the
   * sidecars), with the hash and stamp of what was read; a file that now fails is dropped
   * from both (a removed file to the cache) and reported once.
   */
  const readToo = async (names: readonly string[]) => {
    const wanted = names.filter((name) => !readLater.has(name));
    if (wanted.length === 0) return;
    for (const name of wanted) readLater.add(name);
    const more = await readDigestTexts(dir, { maxFileBytes, only: new Set(wanted) });
    for (const name of wanted) {
      const text = more.texts.get(name);
      const stamp = more.stamps.get(name);
      if (text === undefined) {
        hashes.delete(name);
        stamps.delete(name);
        continue;
      }
      texts.set(name, text);
      hashes.set(name, sha256(text));
      if (stamp) stamps.set(name, stamp);
      else stamps.delete(name);
    }
    unreadable.push(...more.problems);
  };

  let loaded: { library: Library; problems: DigestProblem[]; keysByFile: Map<string, string[]>; indexCache: LoadedLibrary['indexCache'] } | null = null;
  if (cache) {
    try {
      const freshNow = () => [...hashes].filter(([name, hash]) => cache.files[name]?.hash !== hash).map(([name]) => name);
      // Listings among the new files read the sidecars (which may then turn out changed, or gone).
      if (freshNow().length > 0) await readToo(read.unread.filter(isSidecar));
      loaded = fromCache(cache, freshNow(), texts, hashes, topics.topics, cacheFile as string, log);
    } finally {
      cache.records.return();
    }
  }
  if (loaded === null) {
    await readToo(read.unread);
    // Parsed in name order (digestFileSteps sorts them), as a start without a cache reads them.
    const digest = await runPaced(digestFileSteps(texts), pacer);
    // Collected twice (docs/design.md, "Where a first start's memory goes"), each time after
    // the calls waiting for the step before, not after the collection too.
    const collectAfterCalls = async () => {
      await pacer.pause();
      await collectGarbage();
    };
    // The files' text is parsed: let it go before the build (200 MB at 100,000 papers), and
    // collect it now. V8 would not before the build ends, and the heap would grow to a few
    // times what was live with the text.
    texts.clear();
    await collectAfterCalls();
    options.onProgress?.(new Library([], topics.topics), digest.papers.length);
    const library = await Library.build(
      digest.papers,
      topics.topics,
      (partial) => options.onProgress?.(partial, digest.papers.length),
      pacer,
      options.indexElsewhere,
    );
    // And the build's garbage (the joined records, the lists' outgrown arrays) before the
    // library serves: V8 then sets its next limit from the index alone, instead of marking
    // the whole heap while the first questions and the cache writer run.
    await collectAfterCalls();
    const keysByFile = new Map(digest.files.map((file) => [file.file, file.keys]));
    loaded = { library, problems: digest.problems, keysByFile, indexCache: cacheFile ? 'miss' : 'off' };
  } else {
    texts.clear();
    options.onProgress?.(loaded.library, loaded.library.size);
  }
  const { library, problems, keysByFile, indexCache } = loaded;
  // One warning per kind of problem, each problem at debug: a folder of odd files must not flood the console.
  logDigestProblems(log, [...(topics.problem ? [topics.problem] : []), ...unreadable, ...problems]);
  const files = Object.fromEntries(
    [...hashes]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, hash]) => {
        const stamp = trustedStamp(stamps.get(name));
        return [name, { hash, keys: keysByFile.get(name) ?? [], ...stamp }];
      }),
  );
  // A hit whose files were read for new stamps only (touched, copied, checked out): written
  // again so the next start need not read them.
  const restamped =
    cache !== null && Object.entries(files).some(([name, file]) => file.mtimeMs !== undefined && !sameStamp(cache.files[name], file as FileStamp));
  const writeCache =
    options.cacheDir && cacheFile && (indexCache !== 'hit' || restamped)
      ? () => writeIndexCache(options.cacheDir as string, cacheFile, library, { files, problems }, log, options.writePacer)
      : null;
  log.info(
    {
      dir,
      papers: library.size,
      topics: library.topics.length,
      files: hashes.size,
      problems: unreadable.length + problems.length,
      indexCache,
      ms: Math.round(performance.now() - started),
    },
    'digest loaded',
  );
  return { library, indexCache, writeCache };
}

/**
 * The library from the cache, with the files that are new or changed since parsed and
 * added, when that gives what a full build would: no file removed, no sidecar changed, a
 * changed file still listing every paper it listed, and every paper it lists that the digest
 * knew having the same text as before (only its counts may differ). Otherwise null: build.
 */
function fromCache(
  cache: OpenCache,
  fresh: readonly string[],
  texts: ReadonlyMap<string, string>,
  hashes: ReadonlyMap<string, string>,
  topics: readonly Topic[],
  cacheFile: string,
  log: Logger,
): { library: Library; problems: DigestProblem[]; keysByFile: Map<string, string[]>; indexCache: 'hit' | 'updated' } | null {
  const removed = Object.keys(cache.files).filter((name) => !hashes.has(name));
  if (removed.length > 0 || fresh.some(isSidecar)) return null;
  let library: Library;
  try {
    library = Library.fromRecords(cache.records, topics);
  } catch (error) {
    // A file that is not JSON lines, or cannot be read to its end, is unreadable; one of another shape does not fit.
    const unreadable = error instanceof SyntaxError || (error as NodeJS.ErrnoException).code !== undefined;
    log.warn(
      { file: cacheFile, reason: (error as Error).message },
      unreadable ? 'index cache unreadable; rebuilding' : 'index cache does not fit the digest; rebuilding',
    );
    return null;
  }
  const keysByFile = new Map(Object.entries(cache.files).map(([name, file]) => [name, file.keys]));
  const kept = cache.problems.filter((problem) => !fresh.includes(problem.file));
  if (fresh.length === 0) return { library, problems: kept, keysByFile, indexCache: 'hit' };
  // Listings need the sidecars to read their arXiv ids.
  const sidecars = [...texts.keys()].filter(isSidecar);
  const digest = parseDigestFiles(new Map([...fresh, ...sidecars].map((name) => [name, texts.get(name) as string])));
  for (const file of digest.files) {
    const before = cache.files[file.file]?.keys ?? [];
    if (before.some((key) => !file.keys.includes(key))) return null;
    keysByFile.set(file.file, file.keys);
  }
  if (digest.papers.some((paper) => library.get(paper.key) !== undefined && textOf(library.get(paper.key) as Paper) !== textOf(paper))) return null;
  library.add(digest.papers);
  return { library, problems: [...kept, ...digest.problems.filter((problem) => fresh.includes(problem.file))], keysByFile, indexCache: 'updated' };
}

/**
 * How recent a file's modification may be for its stamp to be kept: a file modified within
 * this long of its stat may be written again within the same tick of the file system's clock
 * (4 ms on ext4, 2 s on FAT), with the same size, after it was read; its stamp would then
 * vouch for text that was never read. Such a file is simply read again at the next start.
 */
const RACY_STAMP_MS = 3_000;

/** A stamp to keep in the cache (see RACY_STAMP_MS), or none. */
function trustedStamp(stamp: FileStamp | undefined): FileStamp | undefined {
  if (!stamp || stamp.statAt === undefined || stamp.statAt - stamp.mtimeMs < RACY_STAMP_MS) return undefined;
  return { size: stamp.size, mtimeMs: stamp.mtimeMs };
}

/** A file's entry in the cache as it writes them: a hash, keys, and a size and time or neither. */
function isFileEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const { hash, keys, size, mtimeMs } = entry as Record<string, unknown>;
  return (
    typeof hash === 'string' && Array.isArray(keys) && (size === undefined ? mtimeMs === undefined : typeof size === 'number' && typeof mtimeMs === 'number')
  );
}

/** Whether a file's stamp is the one the cache recorded for it (an older cache recorded none). */
function sameStamp(known: Partial<FileStamp> | undefined, stamp: FileStamp): boolean {
  return known !== undefined && known.size === stamp.size && known.mtimeMs === stamp.mtimeMs;
}

/** Each file's SHA-256, a step per file. */
function* hashEach(texts: ReadonlyMap<string, string>): Generator<void, Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const [name, text] of texts) {
    hashes.set(name, sha256(text));
    yield;
  }
  return hashes;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A paper without its counts and source: what a newer snapshot of the same listing may not change. */
function textOf(paper: Paper): string {
  const { upvotes, githubStars, comments, countsAsOf, source, ...text } = paper;
  return JSON.stringify(text);
}

/**
 * The versions of what shapes the cached papers and index: the libraries that build the
 * index (a new stemmer means new stems), and a hash of the bot's own readers and library
 * code (a fixed reader means different papers), e.g. "minisearch@7.2.0 stemmer@2.0.1
 * stopword@3.1.5 code@1a2b3c4d5e6f".
 */
export function indexLibraryVersions(): string {
  // Computed when first needed (only with a cache folder), once: it reads the source files.
  indexLibraryVersionsOnce ??= [...INDEX_LIBRARIES.map((name) => `${name}@${packageVersion(name)}`), `code@${sourceHash()}`].join(' ');
  return indexLibraryVersionsOnce;
}
let indexLibraryVersionsOnce: string | undefined;

/** The index cache's name: one per topics, cache format and versions. The digest's files are checked inside it. */
export function indexCacheKey(topics: unknown, versions = indexLibraryVersions()): string {
  return createHash('sha256')
    .update(`${INDEX_FORMAT}\0${versions}\0${JSON.stringify(topics)}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * A hash of the code that turns digest files into papers and papers into an index: the files
 * this module runs beside, `.ts` from the sources, `.js` compiled (`npm start` runs dist/).
 */
function sourceHash(): string {
  const hash = createHash('sha256');
  const extension = path.extname(fileURLToPath(import.meta.url));
  for (const folder of ['digest', 'library']) {
    const dir = fileURLToPath(new URL(`../${folder}/`, import.meta.url));
    for (const name of readdirSync(dir).sort()) if (name.endsWith(extension)) hash.update(`${folder}/${name}\0${readFileSync(path.join(dir, name))}\0`);
  }
  return hash.digest('hex').slice(0, 12);
}

/** The cache's first record, the digest's files and problems, with the rest still to read; null (logged) when there is none or it does not fit. */
function openCache(file: string, log: Logger): OpenCache | null {
  let records: Generator<unknown, void, undefined> | undefined;
  try {
    records = readRecordFile(file);
    const first = records.next();
    const digest = !first.done && Array.isArray(first.value) && first.value[0] === 'digest' ? (first.value[1] as Partial<DigestRecord> | null) : null;
    if (
      typeof digest?.files !== 'object' ||
      digest.files === null ||
      !Array.isArray(digest.problems) ||
      !Object.values(digest.files).every(isFileEntry) ||
      !digest.problems.every((problem: unknown) => typeof (problem as DigestProblem | null)?.file === 'string')
    ) {
      records.return();
      log.warn({ file }, 'index cache does not fit the digest; rebuilding');
      return null;
    }
    return { files: digest.files, problems: digest.problems, records };
  } catch (error) {
    records?.return();
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ file, reason: (error as Error).message }, 'index cache unreadable; rebuilding');
    return null;
  }
}

/** The cache's records (see DigestRecord): the digest's, then the library's. */
function* cacheRecords(digest: DigestRecord, library: Library): Generator<unknown> {
  yield ['digest', digest];
  yield* library.records();
}

/** Attempts at writing the cache while papers keep arriving: each one that arrives mid-write starts it again. */
const CACHE_WRITE_ATTEMPTS = 3;

/**
 * Writes the cache via a temporary file, so a crash never leaves half a cache, and removes
 * caches of other settings and temporary files a crash left behind (one process owns
 * DATA_DIR). It is written a record at a time (record-file.ts, Library.records): no second
 * copy of the index or its text is built, and queries are answered between records. It waits for
 * MiniSearch's clean-up after replaced papers first (Library.settled). Papers added while it
 * is written would make it inconsistent: that attempt is thrown away and the cache written
 * again, up to CACHE_WRITE_ATTEMPTS times. When it cannot be written, the last cache written
 * (if any) stays for the next start.
 */
async function writeIndexCache(
  dir: string,
  file: string,
  library: Library,
  { files, problems }: DigestRecord,
  log: Logger,
  pacer: Pacer | undefined,
): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const started = performance.now();
    await mkdir(dir, { recursive: true });
    for (const old of await readdir(dir)) {
      if (old.startsWith('library-') && path.join(dir, old) !== file) await rm(path.join(dir, old), { force: true });
    }
    for (let attempt = 1; attempt <= CACHE_WRITE_ATTEMPTS; attempt++) {
      await library.settled();
      const changes = library.changes;
      const digest: DigestRecord = { files, problems };
      let bytes: number;
      try {
        bytes = await writeRecordFile(temporary, cacheRecords(digest, library), { pacer });
      } catch (error) {
        // Papers added mid-write can also break the walk through the index: try again then.
        // (After settled(), only an add can start a new clean-up, and an add counts as a change.)
        if (library.changes === changes) throw error;
        bytes = -1;
      }
      if (library.changes === changes) {
        await rename(temporary, file);
        log.info({ file, bytes, attempts: attempt, ms: Math.round(performance.now() - started) }, 'index cache written');
        return;
      }
    }
    await rm(temporary, { force: true });
    log.warn({ dir, attempts: CACHE_WRITE_ATTEMPTS }, 'papers kept arriving while the index cache was written; not written this time');
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    log.warn({ dir, reason: (error as Error).message }, 'could not write the index cache; the last one written stays');
  }
}
