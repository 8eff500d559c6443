import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Paper } from './paper.js';
import { addPapers } from './merge-papers.js';
import { readArxivIds } from './read-arxiv-ids.js';
import { dailyPapersJsonSteps } from './read-daily-papers-json.js';
import { readListing } from './read-listing.js';
import type { DigestProblem } from './digest-problem.js';
import { describeRefusal, type FileStamp, readRegularFile, type RegularFileRead } from './read-regular-file.js';

export type { FileStamp } from './read-regular-file.js';
import { runToEnd } from '../time/pacer.js';

/**
 * The digest folder's own topics (configuration, not papers). They add to the topics that
 * ship with the bot (src/library/default-topics.json); see load-topics.ts.
 */
export const TOPICS_FILE = 'topics.json';
/**
 * The subfolder the feed and `npm run import` write one raw API response per day into
 * (`feed/YYYY-MM-DD.json`, atomically: a `.`-named temp file renamed into place).
 */
export const FEED_DIR = 'feed';
/** The most a file of the digest folder may hold (`topics.json` included), unless MAX_DIGEST_FILE_BYTES says otherwise. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

interface DigestFileReport {
  file: string;
  papers: number;
  problems: number;
  /** The keys of the papers this file lists, in its order. */
  keys: string[];
}

export interface Digest {
  /** Unique papers, in the order first seen (files sorted by name). */
  papers: Paper[];
  problems: DigestProblem[];
  files: DigestFileReport[];
}

export interface LoadOptions {
  /** The most a file may hold; a longer one is a problem, and at most this plus one byte of it is read. */
  maxFileBytes?: number;
}

type Format = 'listing' | 'json' | 'arxiv-ids';

/** The messages of a file that could not be read as text at all (`describeRefusal`, `decodeText`), for summarise-problems.ts. */
export const UNREADABLE_MESSAGE = /^(?:cannot read file|file is (?:empty|binary|not valid UTF-8|not a regular file|(?:[\d.]+ [KM]B, )?over the))/;

/** The format of a file named relative to the digest folder (`a.json`, `feed/2026-07-08.json`). */
function formatOf(name: string): Format | null {
  const slash = name.indexOf('/');
  const folder = slash === -1 ? '' : name.slice(0, slash);
  const base = name.slice(slash + 1);
  if ((folder !== '' && folder !== FEED_DIR) || base === '' || base.includes('/') || base.startsWith('.') || name === TOPICS_FILE) return null;
  if (name.endsWith('.txt')) return 'listing';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.tsv')) return 'arxiv-ids';
  return null;
}

/**
 * Loads every digest file of a folder and of its `feed/` subfolder: listing text (`*.txt`),
 * `daily_papers` JSON (`*.json`) and arXiv id sidecars (`*.tsv`). Files are named relative to
 * the folder (`feed/2026-07-08.json`) and read in name order; names starting with `.` are
 * skipped. Only regular files are read (through a symbolic link too), at most `maxFileBytes`
 * each (see read-regular-file.ts). A bad file is reported and skipped; the others still load.
 * Never throws for file content, only when the folder itself is unreadable.
 */
export async function loadDigest(dir: string, options: LoadOptions = {}): Promise<Digest> {
  const { texts, problems } = await readDigestTexts(dir, options);
  return parseDigestFiles(texts, problems);
}

interface ReadTextsOptions extends LoadOptions {
  /**
   * Asked for each regular file within the size limit, with its stamp taken before any read
   * (see readRegularFile): true leaves the file unread (the index cache knows a file of that
   * size and time). Other files are always read, so their problem is reported.
   */
  unchanged?: (name: string, stamp: FileStamp) => boolean;
  /** Read only these (names relative to the folder, as listed); absent: every digest file. */
  only?: ReadonlySet<string>;
}

/**
 * The text of every digest file of the folder (and `feed/`), by name in name order, and a
 * problem for each that cannot be read; with the stamp of each regular file, and the files
 * `unchanged` kept from being read (`unread`).
 */
export async function readDigestTexts(
  dir: string,
  options: ReadTextsOptions = {},
): Promise<{ texts: Map<string, string>; problems: DigestProblem[]; stamps: Map<string, FileStamp>; unread: string[] }> {
  const names = (await listDigestFiles(dir)).filter((name) => options.only?.has(name) ?? true).sort();
  const texts = new Map<string, string>();
  const problems: DigestProblem[] = [];
  const stamps = new Map<string, FileStamp>();
  const unread: string[] = [];
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  for (const name of names) {
    const read = await readRegularFile(path.join(dir, name), maxBytes, (stamp) => options.unchanged?.(name, stamp) ?? false);
    if ('unread' in read) {
      stamps.set(name, read.unread);
      unread.push(name);
      continue;
    }
    if ('stamp' in read) stamps.set(name, read.stamp);
    const result = textOf(read, name, maxBytes);
    if (typeof result === 'string') texts.set(name, result);
    else problems.push(result);
  }
  return { texts, problems, stamps, unread };
}

/**
 * Reads one changed file of the folder, named relative to it (`a.txt`, `feed/2026-07-08.json`),
 * with the folder's arXiv id sidecars, which listings need. For the folder watcher: the rest
 * of the folder is not re-read.
 */
export async function loadDigestFile(dir: string, name: string, options: LoadOptions = {}): Promise<Digest> {
  const present = await listDigestFiles(dir);
  // A deleted file (or a temporary name renamed away) has nothing to read.
  if (formatOf(name) === null || !present.includes(name)) return { papers: [], problems: [], files: [] };
  const names = new Set(present.filter((file) => formatOf(file) === 'arxiv-ids'));
  names.add(name);
  const texts = new Map<string, string>();
  const problems: DigestProblem[] = [];
  for (const file of names) {
    const result = await readTextFile(path.join(dir, file), file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if (typeof result === 'string') texts.set(file, result);
    else if (file === name) problems.push(result);
  }
  return parseDigestFiles(texts, problems);
}

/** Whether a name relative to the digest folder is a file the digest reads (listing, JSON, sidecar). */
export function isDigestFile(name: string): boolean {
  return formatOf(name) !== null;
}

/** Whether a digest file is an arXiv id sidecar, which changes how listings read. */
export function isSidecar(name: string): boolean {
  return formatOf(name) === 'arxiv-ids';
}

/** What a folder holds, as the digest sees it: for `npm run seeds:check`. */
export interface FolderSurvey {
  /** The digest files by format, named relative to the folder, sorted. */
  files: Record<Format, string[]>;
  /**
   * What the digest does not read: other files, and subfolders other than `feed/` (named
   * `odd-files/`; their contents are not read). Names starting with `.`, `topics.json` and
   * `feed/` itself are not listed.
   */
  ignored: string[];
}

/** Lists a digest folder (and `feed/`) by what the digest makes of each entry. Throws when the folder is unreadable. */
export async function surveyDigestFolder(dir: string): Promise<FolderSurvey> {
  const list = async (folder: string, prefix: string) =>
    (await readdir(folder, { withFileTypes: true })).map((entry) => ({
      name: prefix + entry.name,
      dot: entry.name.startsWith('.'),
      folder: entry.isDirectory(),
    }));
  const entries = await list(dir, '');
  entries.push(...(await list(path.join(dir, FEED_DIR), `${FEED_DIR}/`).catch(() => [])));
  const survey: FolderSurvey = { files: { listing: [], json: [], 'arxiv-ids': [] }, ignored: [] };
  for (const { name, dot, folder } of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const format = formatOf(name);
    if (format !== null) survey.files[format].push(name);
    else if (!dot && name !== TOPICS_FILE && name !== FEED_DIR) survey.ignored.push(folder ? `${name}/` : name);
  }
  return survey;
}

/** The digest files of the folder and of `feed/` (absent is fine), named relative to the folder. */
async function listDigestFiles(dir: string): Promise<string[]> {
  const top = await readdir(dir);
  let feed: string[] = [];
  try {
    feed = (await readdir(path.join(dir, FEED_DIR))).map((name) => `${FEED_DIR}/${name}`);
  } catch {
    // No feed/ folder (or a file of that name): nothing to read there.
  }
  return [...top, ...feed].filter((name) => formatOf(name) !== null);
}

/** Parses already-read files (name → text). Sidecars are read first so every listing can use them. */
export function parseDigestFiles(texts: ReadonlyMap<string, string>, problems: DigestProblem[] = []): Digest {
  return runToEnd(digestFileSteps(texts, problems));
}

/** parseDigestFiles a step at a time: it yields after each entry of a daily_papers file and after each other file (see time/pacer.ts). */
export function* digestFileSteps(texts: ReadonlyMap<string, string>, problems: DigestProblem[] = []): Generator<void, Digest> {
  const arxivIds = new Map<string, string>();
  const files: DigestFileReport[] = [];
  const byKey = new Map<string, Paper>();
  const names = [...texts.keys()].sort();
  for (const name of names.filter((n) => formatOf(n) === 'arxiv-ids')) {
    const result = readArxivIds(texts.get(name) as string, name);
    for (const [title, id] of result.ids) arxivIds.set(title, id);
    problems.push(...result.problems);
    files.push({ file: name, papers: 0, problems: result.problems.length, keys: [] });
    yield;
  }
  for (const name of names) {
    const format = formatOf(name);
    if (format !== 'listing' && format !== 'json') continue;
    const text = texts.get(name) as string;
    // Readers return only valid papers; the rest are problems.
    const result = format === 'listing' ? readListing(text, name, arxivIds) : yield* dailyPapersJsonSteps(text, name);
    addPapers(byKey, result.items);
    problems.push(...result.problems);
    files.push({ file: name, papers: result.items.length, problems: result.problems.length, keys: result.items.map((paper) => paper.key) });
    yield;
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { papers: [...byKey.values()], problems, files };
}

/**
 * Reads a regular file as UTF-8 text, or says why it cannot be a digest (not a regular file,
 * too big, empty, binary). See `readRegularFile`: at most `maxBytes + 1` bytes are read.
 */
async function readTextFile(filePath: string, name: string, maxBytes: number): Promise<string | DigestProblem> {
  return textOf(await readRegularFile(filePath, maxBytes), name, maxBytes);
}

/** A file's read as text, or the problem that it was refused or is not text. */
function textOf(read: RegularFileRead, name: string, maxBytes: number): string | DigestProblem {
  if ('refusal' in read) return { file: name, line: null, message: describeRefusal(read.refusal, maxBytes) };
  return decodeText(read.bytes, name);
}

export function decodeText(bytes: Uint8Array, name: string): string | DigestProblem {
  if (bytes.length === 0) return { file: name, line: null, message: 'file is empty' };
  if (bytes.includes(0)) return { file: name, line: null, message: 'file is binary (contains NUL bytes), expected UTF-8 text' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.trim() === '') return { file: name, line: null, message: 'file is empty' };
    return text.replace(/^\uFEFF/, '');
  } catch {
    return { file: name, line: null, message: 'file is not valid UTF-8 text' };
  }
}
