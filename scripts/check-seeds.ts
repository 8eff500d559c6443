/**
 * `npm run seeds:check [dir]`: validates a digest folder (default: DIGEST_DIR or seeds/)
 * and prints the papers per file. Exits 1 when any file, entry or topic has a problem.
 */
import { formatProblem } from '../src/digest/digest-problem.js';
import { loadDigest } from '../src/digest/load-digest.js';
import { Library } from '../src/library/library.js';
import { loadTopics } from '../src/library/load-topics.js';

const dir = process.argv[2] ?? process.env.DIGEST_DIR ?? 'seeds';
const [digest, topics] = await Promise.all([loadDigest(dir), loadTopics(dir)]);
const problems = [...digest.problems, ...(topics.problem ? [topics.problem] : [])];
const library = new Library(digest.papers, topics.topics);

const width = Math.max(...digest.files.map((file) => file.file.length), 4);
process.stdout.write(`Digest folder: ${dir}\n\n${'file'.padEnd(width)}  papers  problems\n`);
for (const file of digest.files) process.stdout.write(`${file.file.padEnd(width)}  ${String(file.papers).padStart(6)}  ${String(file.problems).padStart(8)}\n`);

const withoutId = digest.papers.filter((paper) => paper.arxivId === null).length;
const inTopics = new Set(library.topics.flatMap((topic) => library.papersInTopic(topic.id).map((paper) => paper.key)));
const withoutTopic = digest.papers.filter((paper) => !inTopics.has(paper.key));
process.stdout.write(`\n${library.size} unique papers · ${withoutId} without arXiv id · ${library.topics.length} topics\n`);
if (library.topics.length > 0 && withoutTopic.length > 0) {
  for (const paper of withoutTopic)
    problems.push({ file: paper.source.file, line: paper.source.line, message: `paper "${paper.title.slice(0, 60)}" is in no topic of topics.json` });
}

if (problems.length > 0) {
  process.stderr.write(
    `\n${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write('All digest files are valid.\n');
