import { z } from 'zod';
import { extractLinks, toLink } from './extract-links.js';
import { normalizeArxivId, paperKey, validPapers, type Paper, type PaperLink } from './paper.js';
import type { DigestProblem, ReadResult } from './digest-problem.js';

/** One entry of the Hugging Face `daily_papers` API. Unknown fields are ignored. */
const DailyPaperSchema = z.object({
  paper: z.object({
    id: z.string().min(1),
    title: z.string().trim().min(1),
    summary: z.string().default(''),
    publishedAt: z.string().optional(),
    upvotes: z.number().int().optional(),
    authors: z.array(z.unknown()).optional(),
    organization: z.object({ name: z.string().min(1), fullname: z.string().optional() }).nullish(),
    githubRepo: z.string().nullish(),
    projectPage: z.string().nullish(),
    ai_keywords: z.array(z.string()).nullish(),
  }),
  publishedAt: z.string().optional(),
});
type DailyPaper = z.infer<typeof DailyPaperSchema>;

/**
 * Reads a `daily_papers` JSON export. Each bad entry is reported by its index and
 * skipped; a file that is not a JSON array is one problem.
 */
export function readDailyPapersJson(text: string, file: string): ReadResult<Paper> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { items: [], problems: [{ file, line: jsonErrorLine(text, error), message: `invalid JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(data)) {
    return { items: [], problems: [{ file, line: null, message: 'expected a JSON array of daily_papers entries ({ paper: { id, title, summary, ... } })' }] };
  }
  const items: Paper[] = [];
  const problems: DigestProblem[] = [];
  data.forEach((entry, index) => {
    const parsed = DailyPaperSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue ? issue.path.join('.') : '';
      problems.push({ file, line: null, message: `entry ${index}: ${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}` });
      return;
    }
    items.push(toPaper(parsed.data, file));
  });
  const valid = validPapers(items, file);
  return { items: valid.items, problems: [...problems, ...valid.problems] };
}

function toPaper(entry: DailyPaper, file: string): Paper {
  const { paper } = entry;
  const arxivId = normalizeArxivId(paper.id);
  const links: PaperLink[] = [];
  for (const [raw, kind] of [
    [paper.githubRepo, 'code'],
    [paper.projectPage, 'project'],
  ] as const) {
    const link = raw ? toLink(raw, kind) : null;
    if (link) links.push(link);
  }
  for (const link of extractLinks(paper.summary)) {
    if (!links.some((known) => known.url === link.url)) links.push(link);
  }
  const upvotes = paper.upvotes;
  return {
    key: paperKey(arxivId, paper.title),
    arxivId,
    title: paper.title.replace(/\s+/g, ' '),
    abstract: paper.summary.replace(/\s+/g, ' ').trim(),
    publishedAt: isoDay(paper.publishedAt ?? entry.publishedAt),
    upvotes: upvotes === undefined || upvotes < 0 ? null : upvotes,
    organization: paper.organization ? { id: paper.organization.name, name: paper.organization.fullname || paper.organization.name } : null,
    authorCount: paper.authors ? paper.authors.length : null,
    links,
    keywords: [...new Set((paper.ai_keywords ?? []).map((keyword) => keyword.trim()).filter(Boolean))],
    authors: null,
    aiSummary: null,
    githubStars: null,
    comments: null,
    countsAsOf: null,
    thumbnail: null,
    source: { file, line: null },
  };
}

/** The UTC calendar day of an ISO timestamp, or null when it is not a real date. */
function isoDay(value: string | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10);
}

/** V8 reports "at position N"; turn it into a 1-based line. */
function jsonErrorLine(text: string, error: unknown): number | null {
  const position = /position (\d+)/.exec(String((error as Error).message));
  if (!position) return null;
  return text.slice(0, Number(position[1])).split('\n').length;
}
