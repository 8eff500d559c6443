import { z } from 'zod';

/** A link found in a paper's abstract or metadata. `code` points at a repository. */
const PaperLinkSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  kind: z.enum(['code', 'project', 'dataset']),
});
export type PaperLink = z.infer<typeof PaperLinkSchema>;

const OrganizationSchema = z.object({
  /** The Hugging Face handle, e.g. `AlibabaTongyiLab`. */
  id: z.string().min(1),
  /** The display name, e.g. `TongyiLab`. */
  name: z.string().min(1),
});
export type Organization = z.infer<typeof OrganizationSchema>;

/** Where a paper was read from, for error messages and the embed footer. */
const PaperSourceSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive().nullable(),
});

/**
 * One paper of the digest. Unknown metadata is `null`, never a guess:
 * the listing omits authors for papers shown under an organization, and one
 * seed paper has no metadata at all.
 */
export const PaperSchema = z.object({
  /** Identity: the arXiv id without version, or `title:<normalized title>`. */
  key: z.string().min(1),
  arxivId: z
    .string()
    .regex(/^\d{4}\.\d{4,5}$/)
    .nullable(),
  title: z.string().trim().min(1).max(1000),
  abstract: z.string(),
  /** Calendar date `YYYY-MM-DD` (no time zone: the listing shows days): the arXiv date. */
  publishedAt: z.iso.date().nullable(),
  /**
   * The day Hugging Face listed the paper on Daily Papers, `YYYY-MM-DD`: the day of its
   * `submittedOnDailyAt`, which `daily_papers?date=` selects by, a day or more after
   * `publishedAt`. Null when unknown. Digest periods and /trending count a paper on this day
   * (else on `publishedAt`). Rows stored before the field existed read as null.
   */
  listedOn: z.iso.date().nullable().default(null),
  upvotes: z.number().int().nonnegative().nullable(),
  organization: OrganizationSchema.nullable(),
  authorCount: z.number().int().nonnegative().nullable(),
  /** Author names in order; null when the digest gives only a count (the listing). */
  authors: z.array(z.string().min(1)).nullable(),
  links: z.array(PaperLinkSchema),
  keywords: z.array(z.string().min(1)),
  /** Hugging Face's generated one-line summary (`ai_summary`), shown labelled as theirs. */
  aiSummary: z.string().min(1).nullable(),
  /** Stars of the code repository, as Hugging Face counted them on `countsAsOf`. */
  githubStars: z.number().int().nonnegative().nullable(),
  /** Comments on the Hugging Face page, as of `countsAsOf`. */
  comments: z.number().int().nonnegative().nullable(),
  /** The day the upvotes, stars and comments were read: they grow afterwards. */
  countsAsOf: z.iso.date().nullable(),
  /** An image for the embed: the paper's thumbnail or first media image. */
  thumbnail: z.url({ protocol: /^https?$/ }).nullable(),
  source: PaperSourceSchema,
});
export type Paper = z.infer<typeof PaperSchema>;

/** The whole text: an id, `arXiv:` and an id, or an arxiv.org abs/pdf URL of one; a version and `.pdf` may follow. */
const ARXIV_ID = /^(?:arxiv:|(?:https?:\/\/)?(?:www\.)?arxiv\.org\/(?:abs|pdf)\/)?(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?$/i;

/**
 * `2401.12345v2`, `arXiv:2401.12345`, `https://arxiv.org/abs/2401.12345` → `2401.12345`;
 * anything else (old-style ids, other sites, text that merely ends like an id: `12345.67890`) → null.
 */
export function normalizeArxivId(raw: string): string | null {
  const match = ARXIV_ID.exec(raw.trim());
  return match?.[1] ?? null;
}

/** Lowercase, accent-free, punctuation-free title used to match papers across files. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The identity of a paper: 2401.12345v1 and v2 are the same paper. */
export function paperKey(arxivId: string | null, title: string): string {
  const id = arxivId === null ? null : normalizeArxivId(arxivId);
  return id ?? `title:${normalizeTitle(title)}`;
}

/** The paper's Hugging Face page, or a Hugging Face papers search when it has no id. */
export function paperUrl(paper: Pick<Paper, 'arxivId' | 'title'>): string {
  return paper.arxivId ? `https://huggingface.co/papers/${paper.arxivId}` : `https://huggingface.co/papers?q=${encodeURIComponent(paper.title)}`;
}

export function arxivAbsUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

/**
 * Keeps the papers that pass the schema and turns the others into problems naming the file,
 * so no reader can hand the library a paper that breaks an invariant (an impossible date,
 * a negative count, a bad link).
 */
export function validPapers(papers: readonly Paper[], file: string): { items: Paper[]; problems: { file: string; line: number | null; message: string }[] } {
  const items: Paper[] = [];
  const problems: { file: string; line: number | null; message: string }[] = [];
  for (const paper of papers) {
    const check = PaperSchema.safeParse(paper);
    if (check.success) items.push(paper);
    else {
      const issue = check.error.issues[0];
      problems.push({ file, line: paper.source.line, message: `paper "${paper.title.slice(0, 60)}": ${issue?.path.join('.')}: ${issue?.message}` });
    }
  }
  return { items, problems };
}
