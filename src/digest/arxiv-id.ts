/**
 * A new-style arXiv id without its version: `YYMM.NNNN` (to 2014) or `YYMM.NNNNN` (since
 * 2015). Old-style ids (`hep-th/9901001`) are not ids here: Hugging Face does not index
 * them and `Paper.arxivId` is new-style only. The one source of every pattern that looks for
 * an id, as text to build regular expressions with.
 */
export const ARXIV_ID_PATTERN = String.raw`\d{4}\.\d{4,5}`;

const WHOLE_ID = new RegExp(`^${ARXIV_ID_PATTERN}$`);

/** Whether the whole string is a new-style arXiv id (no version, no prefix). */
export function isArxivId(text: string): boolean {
  return WHOLE_ID.test(text);
}
