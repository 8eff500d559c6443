import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, TOPICS_FILE, type LoadOptions } from '../digest/load-digest.js';
import type { DigestProblem } from '../digest/digest-problem.js';
import { describeRefusal, readRegularFile } from '../digest/read-regular-file.js';
import { mergeTopics, TopicsFileSchema, type Topic } from './topics.js';

/**
 * The topics that ship with the bot. They apply to every digest folder, whatever it holds;
 * a folder's own `topics.json` adds to them (see `mergeTopics`).
 */
const SHIPPED_TOPICS_FILE = new URL('./default-topics.json', import.meta.url);

export interface LoadedTopics {
  /** What the library uses: the shipped topics, then the folder's (replacing shipped ones of the same id or name). */
  topics: Topic[];
  /** The topics that ship with the bot (src/library/default-topics.json). */
  shipped: Topic[];
  /** The folder's own `topics.json`: none when it is absent or has a problem. */
  folder: Topic[];
  /** The ids of the shipped topics the folder's replaced. */
  replaced: string[];
  /** What is wrong with the folder's `topics.json`, if anything: its topics are then not used, the shipped ones still are. */
  problem: DigestProblem | null;
}

let shippedOnce: Promise<Topic[]> | undefined;

/** The shipped topics, read once. A bad shipped file is a bug in the bot, so it throws (the tests read it). */
export function shippedTopics(): Promise<Topic[]> {
  shippedOnce ??= readFile(SHIPPED_TOPICS_FILE, 'utf8').then((text) => {
    const parsed = TopicsFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`src/library/default-topics.json: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
  return shippedOnce;
}

/**
 * The topics for a digest folder: the shipped topics, always, plus the folder's own
 * `topics.json` when it has one. A folder topic with the id or the name of a shipped topic
 * replaces it. A bad `topics.json` gives a problem and only the shipped topics: so does one
 * that is not a regular file or holds more than `maxFileBytes` (MAX_DIGEST_FILE_BYTES, the cap
 * of every file of the folder), of which at most that plus one byte is read.
 */
export async function loadTopics(dir: string, options: LoadOptions = {}): Promise<LoadedTopics> {
  const shipped = await shippedTopics();
  const { topics: folder, problem } = await readFolderTopics(dir, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  return { ...mergeTopics(shipped, folder), shipped, folder, problem };
}

/** The folder's own `topics.json`: none when absent; none and a problem when unreadable, too big or invalid. */
async function readFolderTopics(dir: string, maxBytes: number): Promise<{ topics: Topic[]; problem: DigestProblem | null }> {
  const read = await readRegularFile(path.join(dir, TOPICS_FILE), maxBytes);
  if ('refusal' in read) {
    const absent = read.refusal.reason === 'error' && read.refusal.code === 'ENOENT';
    return { topics: [], problem: absent ? null : { file: TOPICS_FILE, line: null, message: describeRefusal(read.refusal, maxBytes) } };
  }
  try {
    // As reading with 'utf8' did (bytes that are not UTF-8 become U+FFFD), except that a leading byte-order mark is dropped.
    const parsed = TopicsFileSchema.safeParse(JSON.parse(new TextDecoder().decode(read.bytes)));
    if (parsed.success) return { topics: parsed.data, problem: null };
    const issue = parsed.error.issues[0];
    return { topics: [], problem: { file: TOPICS_FILE, line: null, message: `${issue?.path.join('.') || 'topics'}: ${issue?.message}` } };
  } catch (error) {
    return { topics: [], problem: { file: TOPICS_FILE, line: null, message: `invalid JSON: ${(error as Error).message}` } };
  }
}
