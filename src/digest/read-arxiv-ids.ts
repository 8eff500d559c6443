import { normalizeArxivId, normalizeTitle } from './paper.js';
import type { DigestProblem } from './digest-problem.js';

/** Reads a `title<TAB>arxiv_id` sidecar into a map from normalized title to arXiv id. */
export function readArxivIds(text: string, file: string): { ids: Map<string, string>; problems: DigestProblem[] } {
  const ids = new Map<string, string>();
  const problems: DigestProblem[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '' || (index === 0 && /^title\tarxiv_id$/i.test(line.trim()))) return;
    const [title, rawId, ...rest] = line.split('\t');
    const id = rawId === undefined ? null : normalizeArxivId(rawId);
    if (!title?.trim() || id === null || rest.length > 0) {
      problems.push({ file, line: lineNumber, message: 'expected "title<TAB>arxiv id" (e.g. 2401.12345)' });
      return;
    }
    ids.set(normalizeTitle(title), id);
  });
  return { ids, problems };
}
