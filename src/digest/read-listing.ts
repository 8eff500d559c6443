import { extractLinks } from './extract-links.js';
import { normalizeTitle, paperKey, validPapers, type Organization, type Paper } from './paper.js';
import { parseDateLine, resolveYear, toIsoDate, type ListingDate } from './listing-date.js';
import type { DigestProblem, ReadResult } from './digest-problem.js';

interface Line {
  number: number;
  text: string;
}

interface Block {
  title: Line;
  abstract: Line;
  byline: Line | null;
  date: ListingDate | null;
}

const AUTHORS = /^•\s*(\d+)\s+authors?$/;
const SEPARATOR = '·';
const MAX_TITLE_LENGTH = 500;

/**
 * Reads the text of a Hugging Face "Daily Papers" listing: a preamble ending in the
 * listing date, then one block per paper:
 *
 *     Title
 *     Abstract (one line)
 *     • 10 authors            ← or an organization: "AlibabaTongyiLab TongyiLab"
 *     ·
 *     Dec 14, 2025 5          ← date, then upvotes when there are any
 *
 * The byline, separator and date are missing for some papers; those fields are then null.
 * A malformed block is reported with its line and skipped; the rest still load.
 */
export function readListing(text: string, file: string, arxivIds: ReadonlyMap<string, string>): ReadResult<Paper> {
  const problems: DigestProblem[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((raw, index) => ({ number: index + 1, text: raw.trim() }))
    .filter((line) => line.text !== '');
  const start = findFirstPaper(lines);
  if (start === null) {
    return { items: [], problems: [{ file, line: null, message: 'not a Hugging Face Daily Papers listing: no "Daily Papers" header followed by a date' }] };
  }

  const blocks: Block[] = [];
  let i = start;
  while (i < lines.length) {
    const title = lines[i] as Line;
    const abstract = lines[i + 1];
    if (isMetadata(title.text) || title.text.length > MAX_TITLE_LENGTH) {
      problems.push({ file, line: title.number, message: `expected a paper title, found "${preview(title.text)}"` });
      i = skipToNextTitle(lines, i + 1);
      continue;
    }
    if (abstract === undefined || isMetadata(abstract.text)) {
      problems.push({ file, line: title.number, message: `paper "${preview(title.text)}" has no abstract (truncated file?)` });
      i = skipToNextTitle(lines, i + 1);
      continue;
    }
    const block: Block = { title, abstract, byline: null, date: null };
    i += 2;
    // Byline and separator: "• N authors" or an organization, then "·", then the date line.
    const separatorAt = lines[i]?.text === SEPARATOR ? i : lines[i + 1]?.text === SEPARATOR ? i + 1 : null;
    if (separatorAt !== null) {
      block.byline = separatorAt === i + 1 ? (lines[i] as Line) : null;
      const dateLine = lines[separatorAt + 1];
      block.date = dateLine ? parseDateLine(dateLine.text) : null;
      if (!dateLine || block.date === null) {
        problems.push({
          file,
          line: dateLine?.number ?? (lines[separatorAt] as Line).number,
          message: `paper "${preview(title.text)}": expected a date such as "Oct 2, 2024" after "·"`,
        });
        i = separatorAt + 1;
        continue;
      }
      i = separatorAt + 2;
    }
    blocks.push(block);
  }

  const listingYear = inferListingYear(blocks);
  const valid = validPapers(
    blocks.map((block) => toPaper(block, file, arxivIds, listingYear)),
    file,
  );
  return { items: valid.items, problems: [...problems, ...valid.problems] };
}

function toPaper(block: Block, file: string, arxivIds: ReadonlyMap<string, string>, listingYear: number | null): Paper {
  const title = block.title.text;
  const arxivId = arxivIds.get(normalizeTitle(title)) ?? null;
  const byline = block.byline?.text ?? null;
  const authors = byline === null ? null : AUTHORS.exec(byline);
  const date = block.date;
  const year = date === null ? null : resolveYear(date, arxivId, listingYear);
  return {
    key: paperKey(arxivId, title),
    arxivId,
    title,
    abstract: block.abstract.text,
    publishedAt: date === null || year === null ? null : toIsoDate(year, date.month, date.day),
    // A listing page's dates are the papers' own (arXiv) dates, not the days they were listed,
    // and its header date is the page's: a search page spans months. Unknown, not a guess.
    listedOn: null,
    // A dated paper with no count after its date has no upvotes yet; no date line means unknown.
    upvotes: date === null ? null : (date.upvotes ?? 0),
    organization: byline !== null && authors === null ? parseOrganization(byline) : null,
    authorCount: authors ? Number(authors[1]) : null,
    links: extractLinks(block.abstract.text),
    keywords: [],
    authors: null,
    aiSummary: null,
    githubStars: null,
    comments: null,
    countsAsOf: null,
    thumbnail: null,
    source: { file, line: block.title.number },
  };
}

/** "SUDA Soochow University" → handle SUDA, name "Soochow University". */
function parseOrganization(byline: string): Organization {
  const [id = byline, ...name] = byline.split(/\s+/);
  return { id, name: name.length > 0 ? name.join(' ') : id };
}

/** Hugging Face writes the year out only for earlier years, so the listing's year follows them all. */
function inferListingYear(blocks: Block[]): number | null {
  const years = blocks.flatMap((block) => (block.date?.year == null ? [] : [block.date.year]));
  return years.length === 0 ? null : Math.max(...years) + 1;
}

function findFirstPaper(lines: Line[]): number | null {
  const header = lines.findIndex((line) => /^daily papers$/i.test(line.text));
  if (header === -1) return null;
  const dateAt = lines.findIndex((line, index) => index > header && parseDateLine(line.text) !== null);
  return dateAt === -1 ? null : dateAt + 1;
}

function isMetadata(text: string): boolean {
  return text === SEPARATOR || AUTHORS.test(text) || parseDateLine(text) !== null;
}

/** After a broken block, resume at the first line that follows a date line. */
function skipToNextTitle(lines: Line[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    if (parseDateLine((lines[i] as Line).text) !== null) return i + 1;
  }
  return lines.length;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
