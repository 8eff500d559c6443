import type { APIEmbed } from 'discord.js';
import { paperUrl, type Paper } from '../digest/paper.js';
import { LIMITS, truncate } from './discord-limits.js';
import { escapeText } from './markdown.js';
import { PAPER_COLOR } from './paper-embed.js';
import { formatDay } from './format-date.js';

/** A paper in one line, for citations and lists: "[2] Title", linked, with date, upvotes and organization. */
export function compactPaperEmbed(paper: Paper, citation?: number): APIEmbed {
  const facts = [
    paper.publishedAt ? formatDay(paper.publishedAt) : 'date unknown',
    paper.upvotes === null ? null : `${paper.upvotes} upvote${paper.upvotes === 1 ? '' : 's'}`,
    paper.organization ? escapeText(paper.organization.name) : null,
    paper.arxivId ? `arXiv ${paper.arxivId}` : null,
  ].filter(Boolean);
  const prefix = citation === undefined ? '' : `[${citation}] `;
  return { title: truncate(`${prefix}${paper.title}`, LIMITS.embedTitle), url: paperUrl(paper), description: facts.join(' · '), color: PAPER_COLOR };
}
