/** A problem found while reading a digest file. The file is always named. */
export interface DigestProblem {
  file: string;
  /** 1-based line for text files, where known. */
  line: number | null;
  message: string;
}

export function formatProblem(problem: DigestProblem): string {
  const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
  return `${where}: ${problem.message}`;
}

/** What a reader returns: the good papers, and a problem for everything it skipped. */
export interface ReadResult<T> {
  items: T[];
  problems: DigestProblem[];
}
