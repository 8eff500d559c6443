import type { Logger } from '../log.js';
import { formatProblem, type DigestProblem } from './digest-problem.js';
import { TOPICS_FILE, UNREADABLE_MESSAGE } from './load-digest.js';

/**
 * What went wrong, as a user fixes it: the folder's `topics.json`; a file that could not be
 * read as text; a file read whole but not of a digest shape (invalid JSON, not a list, Python
 * `repr` strings, no listing header); bad entries or lines inside an otherwise good file.
 */
export type ProblemKind = 'topics' | 'unreadable' | 'not-digest' | 'bad-entries';

export interface ProblemSummary {
  kind: ProblemKind;
  /** Problems of this kind. */
  count: number;
  /** The files they are in, in the order met. */
  files: string[];
  /** One line for people: the count, up to three files, the first problem. */
  message: string;
}

/** How many file names a summary line shows. */
const EXAMPLES = 3;
const ORDER: readonly ProblemKind[] = ['topics', 'unreadable', 'not-digest', 'bad-entries'];

export function problemKind(problem: DigestProblem): ProblemKind {
  if (problem.file === TOPICS_FILE) return 'topics';
  if (UNREADABLE_MESSAGE.test(problem.message)) return 'unreadable';
  // A problem about the whole file has no line and names no entry; invalid JSON has the line of the error.
  if (problem.message.startsWith('invalid JSON') || (problem.line === null && !/^(?:entry \d+:|paper ")/.test(problem.message))) return 'not-digest';
  return 'bad-entries';
}

/**
 * One line per kind of problem, however many there are: a folder of 100 bad files gives at
 * most four lines. A kind with one problem shows it whole; otherwise the count, up to three
 * file names (with counts, for entries) and the first problem.
 */
export function summariseProblems(problems: readonly DigestProblem[]): ProblemSummary[] {
  const byKind = new Map<ProblemKind, DigestProblem[]>();
  for (const problem of problems) {
    const kind = problemKind(problem);
    byKind.set(kind, [...(byKind.get(kind) ?? []), problem]);
  }
  return ORDER.flatMap((kind) => {
    const found = byKind.get(kind);
    if (!found) return [];
    const perFile = new Map<string, number>();
    for (const problem of found) perFile.set(problem.file, (perFile.get(problem.file) ?? 0) + 1);
    const files = [...perFile.keys()];
    return [{ kind, count: found.length, files, message: summaryLine(kind, found, perFile) }];
  });
}

function summaryLine(kind: ProblemKind, problems: readonly DigestProblem[], perFile: ReadonlyMap<string, number>): string {
  const first = formatProblem(problems[0] as DigestProblem);
  const count = problems.length;
  const fileCount = perFile.size;
  const names = (withCounts: boolean) => {
    const shown = [...perFile].slice(0, EXAMPLES).map(([file, n]) => (withCounts ? `${file}: ${n}` : file));
    return `${shown.join(', ')}${fileCount > EXAMPLES ? ', …' : ''}`;
  };
  const more = `; the first: ${first}`;
  switch (kind) {
    case 'topics':
      return `${first}; the folder's topics are not used, the shipped topics still apply`;
    case 'unreadable':
      return count === 1 ? `skipped a file that could not be read: ${first}` : `skipped ${count} files that could not be read (${names(false)})${more}`;
    case 'not-digest':
      return count === 1 ? `skipped a file that is not a digest file: ${first}` : `skipped ${count} files that are not digest files (${names(false)})${more}`;
    case 'bad-entries':
      if (count === 1) return `skipped a bad entry: ${first}`;
      return fileCount === 1
        ? `skipped ${count} bad entries in ${names(false)}${more}`
        : `skipped ${count} bad entries in ${fileCount} files (${names(true)})${more}`;
  }
}

/**
 * Logs a digest's problems: one warning per kind (see `summariseProblems`), and every
 * problem on its own at debug level, by file and line.
 */
export function logDigestProblems(log: Logger, problems: readonly DigestProblem[]): void {
  for (const problem of problems) log.debug({ file: problem.file, line: problem.line }, `digest problem: ${formatProblem(problem)}`);
  for (const { kind, count, files, message } of summariseProblems(problems))
    log.warn({ kind, count, files: files.slice(0, EXAMPLES) }, count > 1 ? `${message} (LOG_LEVEL=debug logs every one)` : message);
}
