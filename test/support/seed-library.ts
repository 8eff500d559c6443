import { loadDigest } from '../../src/digest/load-digest.js';
import { digestStats, type DigestStats } from '../../src/library/digest-stats.js';
import { Library } from '../../src/library/library.js';
import { loadTopics } from '../../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../../src/library/topics.js';
import { LibraryClient } from '../../src/worker/library-client.js';
import type { WorkerInit } from '../../src/worker/protocol.js';
import { memoryLogger } from './memory-log.js';

export const SEEDS_DIR = new URL('../../seeds/', import.meta.url).pathname;

/** The real seed digest as an in-process Library, for tests of the library itself. */
export async function seedLibrary(): Promise<Library> {
  const [digest, topics] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);
  return new Library(digest.papers, topics.topics);
}

/**
 * A digest in a library worker, as the bot runs it, once fully loaded: commands are tested
 * through the same worker path as in production. Stop it in afterAll.
 */
export async function startLibraryWorker(init: Partial<WorkerInit> = {}): Promise<LibraryClient> {
  const client = new LibraryClient({ init: { digestDir: SEEDS_DIR, watch: false, logLevel: 'warn', ...init }, log: memoryLogger().log }).start();
  await client.whenReady();
  return client;
}

/** The day the seed tests consider "now", so relative dates never drift. */
export const SEED_NOW = new Date('2026-11-28T12:00:00Z');

/** The statistics /stats should draw for the whole seed, computed here without the worker. */
export async function expectedSeedStats(): Promise<DigestStats> {
  const [{ papers }, { topics }] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);
  const compiled = compileTopics(topics);
  const names = new Map(topics.map((topic) => [topic.id, topic.name]));
  return digestStats(papers, {
    now: SEED_NOW,
    title: 'All papers',
    mixTitle: 'Topics',
    labelsOf: (paper) => topicsOfPaper(paper, compiled).map((id) => names.get(id) ?? id),
  });
}
