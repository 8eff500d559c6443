import type { APIEmbed, APIEmbedField } from 'discord.js';
import { bestSentences } from '../library/best-sentences.js';
import { arxivAbsUrl, paperUrl, type Paper } from '../digest/paper.js';
import { LIMITS, truncate } from './discord-limits.js';
import { formatDay, formatPublished } from './format-date.js';
import { highlight } from './highlight.js';
import { escapeText } from './markdown.js';

/** Hugging Face's brand yellow. */
export const PAPER_COLOR = 0xffd21e;

interface PaperEmbedOptions {
  now: Date;
  /** Stemmed terms to put in bold (search results). */
  terms?: readonly string[];
  /** "3 of 12" in the footer. */
  position?: { index: number; total: number };
  /** At most this many characters of abstract; the full card uses the whole limit. */
  maxDescription?: number;
  /** Cards and announcements: Hugging Face's one-line summary (labelled as theirs) and the paper's image. */
  detailed?: boolean;
}

/**
 * A paper as a Discord embed: the title links to its Hugging Face page; the description is
 * the abstract cut at a sentence, or for a search result the sentences that best match the
 * query with its words in bold; the fields give date, upvotes and comments (as of the day
 * they were read: they grow), authors, organization, arXiv and code with its stars. A
 * detailed embed adds Hugging Face's one-line summary, labelled as theirs, and the paper's
 * image. Unknown values say "unknown".
 */
export function paperEmbed(paper: Paper, options: PaperEmbedOptions): APIEmbed {
  const maxDescription = options.maxDescription ?? LIMITS.embedDescription;
  const terms = options.terms ?? [];
  const fields: APIEmbedField[] = [
    { name: 'Published', value: formatPublished(paper.publishedAt, options.now), inline: true },
    { name: 'Upvotes', value: engagement(paper), inline: true },
    { name: 'Authors', value: paper.authorCount === null ? 'unknown' : String(paper.authorCount), inline: true },
  ];
  if (paper.organization) fields.push({ name: 'Organization', value: escapeText(paper.organization.name), inline: true });
  if (paper.arxivId) fields.push({ name: 'arXiv', value: `[${paper.arxivId}](${arxivAbsUrl(paper.arxivId)})`, inline: true });
  const code = paper.links.find((link) => link.kind === 'code');
  if (code)
    fields.push({
      name: 'Code',
      value: truncate(codeLinkText(code.url, paper.githubStars), LIMITS.fieldValue),
      inline: true,
    });
  if (options.detailed && paper.aiSummary) fields.push({ name: "Hugging Face's summary", value: truncate(escapeText(paper.aiSummary), LIMITS.fieldValue) });
  const footer = [sourceName(paper), options.position ? `${options.position.index} of ${options.position.total}` : null].filter(Boolean).join(' · ');
  const text = terms.length > 0 ? bestSentences(paper.abstract, terms, maxDescription) : paper.abstract;
  return {
    title: truncate(paper.title, LIMITS.embedTitle),
    url: paperUrl(paper),
    description: abstractText(text, terms, maxDescription),
    color: PAPER_COLOR,
    fields,
    ...(options.detailed && paper.thumbnail ? { image: { url: paper.thumbnail } } : {}),
    footer: { text: footer },
  };
}

/** A code link with its GitHub stars: "https://github.com/x/y · ★ 1,234". */
export function codeLinkText(url: string, stars: number | null): string {
  return `${url}${stars === null ? '' : ` · ★ ${stars.toLocaleString('en-US')}`}`;
}

/** "31 · 4 comments · as of Aug 21, 2026": the counts a digest file saw on the day it was read. */
export function engagement(paper: Paper): string {
  if (paper.upvotes === null) return 'unknown';
  const parts = [String(paper.upvotes)];
  if (paper.comments !== null) parts.push(`${paper.comments} comment${paper.comments === 1 ? '' : 's'}`);
  if (paper.countsAsOf !== null) parts.push(`as of ${formatDay(paper.countsAsOf)}`);
  return parts.join(' · ');
}

/** The digest a paper came from, as the footer names it: its file without extension. */
function sourceName(paper: Paper): string {
  return paper.source.file.replace(/\.[^.]+$/, '');
}

/**
 * The abstract, escaped and highlighted, cut at a sentence so that the rendered text fits
 * `max` (escaping and bold markers make it longer than the raw text).
 */
export function abstractText(abstract: string, terms: readonly string[], max: number): string {
  let budget = max;
  for (;;) {
    const rendered = highlight(truncate(abstract, budget), terms);
    if (rendered.length <= max || budget <= 0) return rendered.length <= max ? rendered : '';
    budget -= Math.max(1, rendered.length - max);
  }
}
