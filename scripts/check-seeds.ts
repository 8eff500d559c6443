/**
 * `npm run seeds:check [-- <folder>]`: validates a digest folder (default: DIGEST_DIR, else
 * the bundled seeds/) and its `feed/` subfolder, and prints the papers and problems per file.
 * Exits 1 when any file, entry or topic has a problem.
 */
import { formatProblem } from '../src/digest/digest-problem.js';
import { loadDigest } from '../src/digest/load-digest.js';
import { loadTopics } from '../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../src/library/topics.js';

const dir = process.argv[2] ?? process.env.DIGEST_DIR ?? 'seeds';
const [digest, topics] = await Promise.all([loadDigest(dir), loadTopics(dir)]);
const problems = [...digest.problems, ...(topics.problem ? [topics.problem] : [])];

const width = Math.max(...digest.files.map((file) => file.file.length), 4);
process.stdout.write(`Digest folder: ${dir}\n\n${'file'.padEnd(width)}  papers  problems\n`);
for (const file of digest.files) process.stdout.write(`${file.file.padEnd(width)}  ${String(file.papers).padStart(6)}  ${String(file.problems).padStart(8)}\n`);

const withoutId = digest.papers.filter((paper) => paper.arxivId === null).length;
process.stdout.write(`\n${digest.papers.length} unique papers · ${withoutId} without arXiv id · ${topics.topics.length} topics\n`);
// Topic membership is phrase matching on each paper's text: no index is built.
const compiled = compileTopics(topics.topics);
for (const paper of digest.papers) {
  if (compiled.length > 0 && topicsOfPaper(paper, compiled).length === 0)
    problems.push({ file: paper.source.file, line: paper.source.line, message: `paper "${paper.title.slice(0, 60)}" is in no topic of topics.json` });
}

if (problems.length > 0) {
  process.stderr.write(
    `\n${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write('All digest files are valid.\n');
