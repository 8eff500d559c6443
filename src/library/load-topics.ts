import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TOPICS_FILE } from '../digest/load-digest.js';
import type { DigestProblem } from '../digest/digest-problem.js';
import { TopicsFileSchema, type Topic } from './topics.js';

/** Reads `topics.json` from the digest folder. A missing or bad file gives no topics and a problem. */
export async function loadTopics(dir: string): Promise<{ topics: Topic[]; problem: DigestProblem | null }> {
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
