import { loadDigest } from '../../src/digest/load-digest.js';
import { Library } from '../../src/library/library.js';
import { loadTopics } from '../../src/library/load-topics.js';

export const SEEDS_DIR = new URL('../../seeds/', import.meta.url).pathname;

/** The real seed digest, as the bot loads it. */
export async function seedLibrary(): Promise<Library> {
  const [digest, topics] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);
  return new Library(digest.papers, topics.topics);
}

/** The day the seed tests consider "now", so relative dates never drift. */
export const SEED_NOW = new Date('2026-11-28T12:00:00Z');
