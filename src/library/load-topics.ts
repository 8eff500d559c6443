import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TOPICS_FILE } from '../digest/load-digest.js';
import type { DigestProblem } from '../digest/digest-problem.js';
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
 * replaces it. A bad `topics.json` gives a problem and only the shipped topics.
 */
export async function loadTopics(dir: string): Promise<LoadedTopics> {
  const shipped = await shippedTopics();
  const { topics: folder, problem } = await readFolderTopics(dir);
  return { ...mergeTopics(shipped, folder), shipped, folder, problem };
}

/** The folder's own `topics.json`: none when absent; none and a problem when unreadable or invalid. */
async function readFolderTopics(dir: string): Promise<{ topics: Topic[]; problem: DigestProblem | null }> {
  let text: string;
  try {
    text = await readFile(path.join(dir, TOPICS_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { topics: [], problem: code === 'ENOENT' ? null : { file: TOPICS_FILE, line: null, message: `cannot read: ${code}` } };
  }
  try {
    const parsed = TopicsFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { topics: parsed.data, problem: null };
    const issue = parsed.error.issues[0];
    return { topics: [], problem: { file: TOPICS_FILE, line: null, message: `${issue?.path.join('.') || 'topics'}: ${issue?.message}` } };
  } catch (error) {
    return { topics: [], problem: { file: TOPICS_FILE, line: null, message: `invalid JSON: ${(error as Error).message}` } };
  }
}
