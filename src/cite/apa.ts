import { paperUrl, type Paper } from '../digest/paper.js';
import { paperYear } from './paper-year.js';
import { cleanText, splitName, type PersonName } from './person-name.js';

interface ApaOptions {
  /** APA sets the title in italics; pass e.g. a Markdown italic (escaping is yours). Default: as is. */
  italic?: (title: string) => string;
}

/**
 * An APA 7 reference for an arXiv preprint:
 * `Liu, H., Yan, W., Zaharia, M., & Abbeel, P. (2024). World Model on … RingAttention
 * (arXiv:2402.08268). arXiv. https://doi.org/10.48550/arXiv.2402.08268`
 *
 * - The title is kept as written, not sentence-cased as APA asks: automatic sentence case
 *   lowercases proper nouns and names it cannot recognise ("Gaussian", "Transformer",
 *   "RingAttention" survive only by luck), and a wrong lowercase is worse than a capital.
 * - Authors are "Family, I. I." (`Chen-Yu Lee` → `Lee, C.-Y.`; particles stay with the
 *   family: `van der Berg, H.`); one-word and literal names are printed as written. Up to 20
 *   are listed; from 21, the first 19, an ellipsis and the last (APA 7, 9.8). When the digest
 *   has more authors than names, the list ends with "et al." rather than pretending to be whole.
 * - No names: the title moves to the author position (APA's no-author rule).
 * - The year is `paperYear`, else `(n.d.)`.
 * - Without an arXiv id there is no DOI: the source is the paper's Hugging Face page.
 */
export function apaReference(paper: Paper, { italic = (title) => title }: ApaOptions = {}): string {
  const names = (paper.authors ?? []).map(splitName).filter((name) => name !== null);
  const incomplete = paper.authorCount !== null && paper.authorCount > names.length;
  const date = `(${paperYear(paper) ?? 'n.d.'}).`;
  const plainTitle = cleanText(paper.title);
  const number = paper.arxivId ? ` (arXiv:${paper.arxivId})` : '';
  const title = italic(plainTitle) + number + (needsStop(plainTitle + number) ? '.' : '');
  const source = paper.arxivId ? `arXiv. https://doi.org/10.48550/arXiv.${paper.arxivId}` : `Hugging Face. ${paperUrl(paper)}`;
  if (names.length === 0) return `${title} ${date} ${source}`;
  const authors = apaAuthors(names.map(apaName), incomplete);
  return `${authors}${needsStop(authors) ? '.' : ''} ${date} ${title} ${source}`;
}

function apaAuthors(names: string[], incomplete: boolean): string {
  if (incomplete) return `${names.join(', ')}, et al.`;
  if (names.length === 1) return names[0] ?? '';
  if (names.length > 20) return `${names.slice(0, 19).join(', ')}, … ${names.at(-1)}`;
  return `${names.slice(0, -1).join(', ')}, & ${names.at(-1)}`;
}

function apaName(name: PersonName): string {
  if (name.literal) return name.full;
  const family = [name.particle, name.family].filter(Boolean).join(' ');
  const initials = name.given.map(initialsOf).filter(Boolean).join(' ');
  return [family, initials, name.suffix].filter(Boolean).join(', ');
}

/** `Chen-Yu` → `C.-Y.`, `J.A.` → `J. A.`, `(Bill)` → `B.`: the first letter of each part. */
function initialsOf(given: string): string {
  return given
    .split('.')
    .map((part) =>
      part
        .split('-')
        .map((piece) => /\p{L}/u.exec(piece)?.[0]?.toUpperCase())
        .filter(Boolean)
        .map((letter) => `${letter}.`)
        .join('-'),
    )
    .filter(Boolean)
    .join(' ');
}

/** An element ends with a full stop unless it already ends with one, or with `?` or `!` (APA keeps those). */
function needsStop(text: string): boolean {
  return !/[.?!]$/.test(text);
}
