/**
 * `npm run seeds:check [-- <folder>]`: checks a digest folder and reports what the bot will
 * load from it: the papers and problems per file, the files by kind (and what is not read),
 * the topics (the shipped ones plus the folder's own `topics.json`) and every problem. The
 * folder: the argument, else DIGEST_DIR (from the environment or `.env`, as `npm start`
 * reads it), else the bundled seeds/. Exits 1 when any file, entry or the folder's
 * `topics.json` has a problem, 2 when the folder cannot be read.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatProblem } from '../src/digest/digest-problem.js';
import { loadDigest, surveyDigestFolder, TOPICS_FILE } from '../src/digest/load-digest.js';
import { summariseProblems } from '../src/digest/summarise-problems.js';
import { loadTopics } from '../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../src/library/topics.js';
import { loadDotEnv } from '../src/lifecycle.js';
import { parseConfig, type Config } from '../src/config.js';

const fromEnvironment = process.env.DIGEST_DIR?.trim() ? process.env.DIGEST_DIR : undefined;
loadDotEnv();
// The same reading of the environment as `npm start` (an empty DIGEST_DIR= is unset, the size cap applies).
let config: Config;
try {
  config = parseConfig(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const dir = process.argv[2] ?? config.digestDir;
const from =
  process.argv[2] !== undefined
    ? ''
    : fromEnvironment !== undefined
      ? ' (DIGEST_DIR)'
      : process.env.DIGEST_DIR?.trim()
        ? ' (DIGEST_DIR in .env)'
        : ' (default)';

let survey: Awaited<ReturnType<typeof surveyDigestFolder>>;
try {
  survey = await surveyDigestFolder(dir);
} catch (error) {
  process.stderr.write(`Cannot read the digest folder ${dir}${from}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
  process.exit(2);
}
const [digest, topics] = await Promise.all([
  loadDigest(dir, { maxFileBytes: config.maxDigestFileBytes }),
  loadTopics(dir, { maxFileBytes: config.maxDigestFileBytes }),
]);
const problems = [...(topics.problem ? [topics.problem] : []), ...digest.problems];
const out = (line = '') => process.stdout.write(`${line}\n`);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const examples = (names: readonly string[], shown = 3) =>
  names.length === 0 ? '' : ` (${names.slice(0, shown).join(', ')}${names.length > shown ? ', …' : ''})`;
const short = (title: string) => (title.length > 40 ? `${title.slice(0, 39).trimEnd()}…` : title);

out(`Digest folder: ${dir}${from}`);
out();
const width = Math.max(...digest.files.map((file) => file.file.length), 4);
out(`${'file'.padEnd(width)}  papers  problems`);
for (const file of digest.files) out(`${file.file.padEnd(width)}  ${String(file.papers).padStart(6)}  ${String(file.problems).padStart(8)}`);
out();

const { files } = survey;
out(
  `Files: ${plural(files.json.length, 'daily-papers JSON', 'daily-papers JSON')} · ${plural(files.listing.length, 'listing')} · ${plural(files['arxiv-ids'].length, 'arXiv id sidecar')}` +
    ` · ${survey.ignored.length} not read${examples(survey.ignored, 10)}`,
);

const withoutId = digest.papers.filter((paper) => paper.arxivId === null).length;
// Topic membership is phrase matching on each paper's text: no index is built.
const compiled = compileTopics(topics.topics);
const inNoTopic = compiled.length === 0 ? [] : digest.papers.filter((paper) => topicsOfPaper(paper, compiled).length === 0);
out(
  `Papers: ${digest.papers.length} unique · ${withoutId} without arXiv id · ${inNoTopic.length} in no topic${examples(inNoTopic.map((paper) => `"${short(paper.title)}"`))}`,
);

const own = topics.problem
  ? `the folder's topics.json is not used (see the problems)`
  : !existsSync(path.join(dir, TOPICS_FILE))
    ? `0 from the folder: it has no topics.json`
    : `${topics.folder.length} from the folder's topics.json${topics.replaced.length > 0 ? `, replacing ${plural(topics.replaced.length, 'shipped topic')}` : ''}`;
out(`Topics: ${topics.topics.length} (${topics.shipped.length} shipped + ${own})`);

if (problems.length > 0) {
  out(`Problems: ${problems.length}`);
  for (const summary of summariseProblems(problems)) out(`  ${summary.message}`);
  process.stderr.write(`\n${plural(problems.length, 'problem')}:\n${problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}\n`);
  process.exit(1);
}
out('Problems: none');
out('All digest files are valid.');
