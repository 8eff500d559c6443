import { z } from 'zod';
import { extractLinks, toLink } from './extract-links.js';
import { isoDay } from './iso-day.js';
import { normalizeArxivId, paperKey, PaperSchema, type Paper, type PaperLink } from './paper.js';
import { unwrapText } from './unwrap-text.js';

/**
 * A field that older eras lack (most arrived in 2025) or that holds something odd: it is
 * unknown (`undefined`), never an error, so one strange value never costs a paper.
 */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

const HfOrganizationSchema = z.object({ name: z.string().trim().min(1), fullname: lenient(z.string()) });
type HfOrganization = z.infer<typeof HfOrganizationSchema>;

/**
 * A paper as the Hugging Face API gives it: `GET /api/papers/<arxiv id>`, and the `paper`
 * object of each `daily_papers` item. Only `id` and `title` are required; unknown fields
 * are ignored.
 */
export const HfPaperSchema = z.object({
  id: z.string().min(1),
  title: z.string().trim().min(1),
  summary: z.string().default(''),
  /** The arXiv submission time: its meaning never changed. */
  publishedAt: lenient(z.string()),
  /** When Hugging Face listed the paper on Daily Papers: its day is the listing day (`listedOn`). */
  submittedOnDailyAt: lenient(z.string()),
  upvotes: lenient(z.number()),
  authors: lenient(z.array(z.unknown())),
  organization: lenient(HfOrganizationSchema),
  githubRepo: lenient(z.string()),
  projectPage: lenient(z.string()),
  githubStars: lenient(z.number()),
  ai_summary: lenient(z.string()),
  ai_keywords: lenient(z.array(z.unknown())),
  mediaUrls: lenient(z.array(z.unknown())),
});
type HfPaper = z.infer<typeof HfPaperSchema>;

/** What a `daily_papers` item holds beside its `paper` (all optional, all lenient). */
export const HfItemFieldsSchema = z.object({
  /** Until 2025-03 the day the paper was listed, later the paper's time: only a fallback. */
  publishedAt: lenient(z.string()),
  numComments: lenient(z.number()),
  organization: lenient(HfOrganizationSchema),
  thumbnail: lenient(z.string()),
  mediaUrls: lenient(z.array(z.unknown())),
  /** The 2024-03 shape: one media URL. */
  mediaUrl: lenient(z.string()),
});
type HfItemFields = z.infer<typeof HfItemFieldsSchema>;

interface MapSource {
  /** The file (or `hf-api`) the paper was read from. */
  file: string;
  /** The day the counts were read, when the caller knows it; else `paper.submittedOnDailyAt`'s day. */
  countsAsOf: string | null;
  /** The listing day when the paper has no `submittedOnDailyAt` (a `feed/<day>.json` file's day), else null. */
  listedOn?: string | null;
}

const IMAGE_PATH = /\.(?:png|jpe?g|gif|webp)$/i;

/**
 * Maps one Hugging Face paper (and, for a `daily_papers` item, the fields around it) to a
 * `Paper`. The caller validates the result with `validPapers`. Titles and abstracts are
 * unwrapped (`unwrapText`); `paper.title` is used, not the item-level title: once unwrapped
 * the two differ in 21 of the 12,675 real papers, and in each of those the item title is
 * raw LaTeX (`$\text{Transformer}^2$`) where `paper.title` is plain text (`Transformer^2`).
 */
export function mapHfPaper(paper: HfPaper, item: HfItemFields, source: MapSource): Paper {
  const arxivId = normalizeArxivId(paper.id);
  const title = unwrapText(paper.title);
  const abstract = unwrapText(paper.summary);
  const authors = authorNames(paper.authors);
  return {
    key: paperKey(arxivId, title),
    arxivId,
    title,
    abstract,
    publishedAt: isoDay(paper.publishedAt) ?? isoDay(item.publishedAt),
    listedOn: isoDay(paper.submittedOnDailyAt) ?? source.listedOn ?? null,
    upvotes: count(paper.upvotes),
    organization: toOrganization(paper.organization ?? item.organization),
    authorCount: authors === null ? null : authors.length,
    authors,
    links: paperLinks(paper, abstract),
    keywords: [
      ...new Set(
        (paper.ai_keywords ?? [])
          .filter((k): k is string => typeof k === 'string')
          .map(unwrapText)
          .filter(Boolean),
      ),
    ],
    aiSummary: unwrapText(paper.ai_summary ?? '') || null,
    githubStars: count(paper.githubStars),
    comments: count(item.numComments),
    countsAsOf: source.countsAsOf ?? isoDay(paper.submittedOnDailyAt),
    thumbnail: thumbnailOf(paper, item),
    source: { file: source.file, line: null },
  };
}

/** Names in API order; authors flagged `hidden: true` and entries without a name are left out. */
function authorNames(authors: readonly unknown[] | undefined): string[] | null {
  if (authors === undefined) return null;
  const names: string[] = [];
  for (const author of authors) {
    if (typeof author !== 'object' || author === null) continue;
    const { name, hidden } = author as { name?: unknown; hidden?: unknown };
    const clean = typeof name === 'string' ? unwrapText(name) : '';
    if (hidden !== true && clean !== '') names.push(clean);
  }
  return names;
}

function toOrganization(organization: HfOrganization | undefined): Paper['organization'] {
  if (!organization) return null;
  return { id: organization.name, name: organization.fullname?.trim() || organization.name };
}

/** A count is a non-negative whole number; anything else is unknown. */
function count(value: number | undefined): number | null {
  return value !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function paperLinks(paper: HfPaper, abstract: string): PaperLink[] {
  const links: PaperLink[] = [];
  for (const [raw, kind] of [
    [paper.githubRepo, 'code'],
    [paper.projectPage, 'project'],
  ] as const) {
    const link = raw ? toLink(raw.trim(), kind) : null;
    if (link) links.push(link);
  }
  for (const link of extractLinks(abstract)) if (!links.some((known) => known.url === link.url)) links.push(link);
  return links;
}

/** The item's thumbnail, else the first image among the media (videos are not images). */
function thumbnailOf(paper: HfPaper, item: HfItemFields): string | null {
  const declared = httpUrl(item.thumbnail);
  if (declared) return declared;
  for (const media of [...(paper.mediaUrls ?? []), ...(item.mediaUrls ?? []), item.mediaUrl]) {
    const url = httpUrl(media);
    if (url && IMAGE_PATH.test(new URL(url).pathname)) return url;
  }
  return null;
}

function httpUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const { href, protocol } = new URL(raw.trim());
    return /^https?:$/.test(protocol) && PaperSchema.shape.thumbnail.safeParse(href).success ? href : null;
  } catch {
    return null;
  }
}
