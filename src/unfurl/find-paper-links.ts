import { ARXIV_ID_PATTERN } from '../digest/arxiv-id.js';

/**
 * Finds the papers a Discord message points at, reading the message the way Discord's
 * markdown (simple-markdown) does, so that what is shown as code or with its embed
 * suppressed is not unfurled.
 *
 * Recognised, case-insensitively, with any `vN` version stripped:
 * - `http(s)://` links to `arxiv.org/abs/<id>`, `arxiv.org/pdf/<id>` (with or without
 *   `.pdf`), also on `www.` and `export.`; `huggingface.co/papers/<id>`; `alphaxiv.org/abs/<id>`
 *   (and `www.` for both). Query strings and fragments are fine; the host must be exactly
 *   one of these (`notarxiv.org`, `arxiv.org.evil.com` and `user@evil.com` tricks fail, as a
 *   URL parser reads the host);
 * - the same written without `http(s)://` (`arxiv.org/abs/2401.12345`), when not part of a
 *   longer host or path;
 * - `arXiv:<id>`;
 * - any of these in markdown: `**bold**`, `*italic*`, `__underline__`, `~~strike~~`,
 *   `||spoiler||` (a link's trailing `*_~|` are markdown, not part of it).
 *
 * Ignored:
 * - code: a fenced block (```` ``` ```` … ```` ``` ````, with or without a language) and inline code
 *   (a run of N backticks up to the next run of exactly N, simple-markdown's rule). An
 *   unterminated fence is not a code block in Discord (it shows the backticks as text), so
 *   links after it count unless a later backtick closes an inline code span over them;
 * - anything in `<…>` (Discord's embed suppression, `<https://arxiv.org/abs/…>`), and
 *   characters escaped with a backslash;
 * - ids inside longer numbers (`2401.123456`) and old-style ids (`hep-th/9901001`), which
 *   Hugging Face does not index and the digest cannot hold (`Paper.arxivId` is new-style only).
 *
 * Returns ids (`YYMM.NNNNN`) deduplicated, in order of first appearance. A 4,000-character
 * message (Discord's limit for Nitro) takes under a millisecond, link- or backtick-heavy ones
 * included.
 */
export function findPaperIds(content: string): string[] {
  const ids = new Set<string>();
  const code = new CodeSpans(content);
  let i = 0;
  while (i < content.length) {
    const char = content[i];
    if (char === '\\' && i + 1 < content.length && /[^0-9A-Za-z\s]/.test(content[i + 1] ?? '')) {
      i += 2;
      continue;
    }
    if (char === '`') {
      i = code.endAt(i) ?? i + 1;
      continue;
    }
    const token = tokenAt(content, i);
    if (token === null) {
      i += 1;
      continue;
    }
    if (token.id !== null) ids.add(token.id);
    i += token.length;
  }
  return [...ids];
}

const ID = `(${ARXIV_ID_PATTERN})`;
/** Not inside a longer word, host or path; a `_` may precede when it is markdown (`__underline__`), not part of a word (`my_arxiv`). */
const STANDALONE = String.raw`(?<![A-Za-z0-9.@/:%-])(?<![A-Za-z0-9]_)`;
/**
 * Discord's link end: no trailing punctuation (a sentence's full stop, a closing bracket),
 * nor a trailing run of markdown (`**bold**`, `*italic*`, `__underline__`, `~~strike~~`,
 * `||spoiler||`), which Discord renders around the link it still embeds.
 */
const URL_REST = String.raw`[^\s<]*[^\s<.,:;"')\]>*_~|]`;
const SUPPRESSED = /<[^\s<>]+>/y;
const WITH_SCHEME = new RegExp(String.raw`(?<![A-Za-z0-9])https?://${URL_REST}`, 'iy');
const WITHOUT_SCHEME = new RegExp(String.raw`${STANDALONE}(?:(?:www|export)\.)?(?:arxiv\.org|huggingface\.co|alphaxiv\.org)/${URL_REST}`, 'iy');
const ARXIV_PREFIX = new RegExp(String.raw`${STANDALONE}arxiv:${ID}(?:v\d+)?(?![A-Za-z0-9]|\.\d)`, 'iy');

const PAPER_PATHS: Record<string, RegExp> = {
  'arxiv.org': new RegExp(String.raw`^/(?:abs|pdf)/${ID}(?:v\d+)?(?:\.pdf)?/?$`, 'i'),
  'huggingface.co': new RegExp(String.raw`^/papers/${ID}(?:v\d+)?/?$`, 'i'),
  'alphaxiv.org': new RegExp(String.raw`^/abs/${ID}(?:v\d+)?/?$`, 'i'),
};

/** A link, suppressed link or `arXiv:` id starting at `i`: its length and paper id, if any. */
function tokenAt(content: string, i: number): { length: number; id: string | null } | null {
  for (const pattern of [SUPPRESSED, WITH_SCHEME, WITHOUT_SCHEME, ARXIV_PREFIX]) {
    pattern.lastIndex = i;
    const match = pattern.exec(content);
    if (match === null) continue;
    if (pattern === SUPPRESSED) return { length: match[0].length, id: null };
    if (pattern === ARXIV_PREFIX) return { length: match[0].length, id: match[1] ?? null };
    return { length: match[0].length, id: paperIdOfUrl(pattern === WITH_SCHEME ? match[0] : `https://${match[0]}`) };
  }
  return null;
}

function paperIdOfUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/^(?:www|export)\./, '');
  if (url.hostname.startsWith('export.') && host !== 'arxiv.org') return null;
  return PAPER_PATHS[host]?.exec(url.pathname)?.[1] ?? null;
}

/**
 * Where code starting at a backtick ends, by simple-markdown's rules: a fence ```` ``` ````
 * closes at the next ```` ``` ```` after at least one character; otherwise N backticks close
 * at the next run of exactly N (trying N = the whole run first, then shorter, as its regex
 * backtracks).
 */
class CodeSpans {
  readonly #content: string;
  /** Run length → the start of every maximal backtick run of that length, ascending. */
  readonly #runsByLength = new Map<number, number[]>();
  readonly #lengthsDescending: number[];

  constructor(content: string) {
    this.#content = content;
    for (const match of content.matchAll(/`+/g)) {
      const starts = this.#runsByLength.get(match[0].length) ?? [];
      starts.push(match.index);
      this.#runsByLength.set(match[0].length, starts);
    }
    this.#lengthsDescending = [...this.#runsByLength.keys()].sort((a, b) => b - a);
  }

  /** The index after the code that opens at `i`, or null when the backticks there are text. */
  endAt(i: number): number | null {
    if (this.#content.startsWith('```', i)) {
      const close = this.#content.indexOf('```', i + 4);
      if (close !== -1) return close + 3;
    }
    let run = 0;
    while (this.#content[i + run] === '`') run++;
    for (const length of this.#lengthsDescending) {
      if (length > run) continue;
      const close = firstAfter(this.#runsByLength.get(length) ?? [], i + run);
      if (close !== undefined) return close + length;
    }
    return null;
  }
}

/** The first value > `after` in an ascending list (binary search). */
function firstAfter(sorted: readonly number[], after: number): number | undefined {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] ?? Infinity) > after) high = mid;
    else low = mid + 1;
  }
  return sorted[low];
}
