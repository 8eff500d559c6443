import { loadDigest } from './digest/load-digest.js';
import { formatProblem } from './digest/digest-problem.js';
import { Library } from './library/library.js';
import { loadTopics } from './library/load-topics.js';
import type { Logger } from './log.js';

/**
 * Reads the digest folder into a Library. Every bad file is logged by name and line and
 * skipped; the bot starts with whatever loaded, even nothing.
 */
export async function loadLibrary(dir: string, log: Logger, maxFileBytes?: number): Promise<Library> {
  const started = performance.now();
  const [digest, topics] = await Promise.all([loadDigest(dir, maxFileBytes === undefined ? {} : { maxFileBytes }), loadTopics(dir)]);
  for (const problem of [...digest.problems, ...(topics.problem ? [topics.problem] : [])]) {
    log.warn({ file: problem.file, line: problem.line }, `digest problem: ${formatProblem(problem)}`);
  }
  const library = new Library(digest.papers, topics.topics);
  log.info(
    {
      dir,
      papers: library.size,
      topics: library.topics.length,
      files: digest.files.length,
      problems: digest.problems.length,
      ms: Math.round(performance.now() - started),
    },
    'digest loaded',
  );
  return library;
}
