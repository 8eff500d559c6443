import { arxivAbsUrl, paperUrl, type Paper } from '../digest/paper.js';
import { escapeBibtexText } from './bibtex-text.js';
import { citationKeys } from './citation-key.js';
import { paperYear } from './paper-year.js';
import { cleanText, splitName, type PersonName } from './person-name.js';

const KEY = /^[A-Za-z0-9_:.-]+$/;

/**
 * The BibTeX entry arXiv's "Export BibTeX citation" gives, from what the digest knows:
 *
 * ```bibtex
 * @misc{liu2024world,
 *   title={{World Model on Million-Length Video And Language With Blockwise RingAttention}},
 *   author={Hao Liu and Wilson Yan and Matei Zaharia and Pieter Abbeel},
 *   year={2024},
 *   eprint={2402.08268},
 *   archivePrefix={arXiv},
 *   url={https://arxiv.org/abs/2402.08268}
 * }
 * ```
 *
 * - The title is in double braces. arXiv's export uses single braces, and then styles that
 *   change case (plain, IEEEtran, ACL's) print "Ringattention"; double braces keep the
 *   title exactly as written. The cost: no style can sentence-case it.
 * - `primaryClass` is omitted: the digest does not know arXiv categories.
 * - Names are given "First von Last" as Hugging Face writes them, whitespace collapsed, unless
 *   BibTeX would split them otherwise than `splitName` (a suffix, a lowercase given name as in
 *   `jing Gao`): those are written "von Last, Jr., First". Literal names are braced whole.
 *   When the digest has more authors than names, `and others` ends the list.
 * - With no names, there is no `author` field but a comment line before the entry saying how
 *   many authors the paper has, if known: names are never invented.
 * - A paper without an arXiv id has no `eprint`; `url` is its Hugging Face page (`paperUrl`,
 *   a papers search when there is no id) and `howpublished` says so.
 * - Titles and names are whitespace-collapsed and escaped by `escapeBibtexText`, so any
 *   text gives a parseable entry that prints as written. The year is `paperYear`; unknown,
 *   the field is left out.
 */
export function bibtexEntry(paper: Paper, key: string): string {
  if (!KEY.test(key)) throw new Error(`not a BibTeX key: ${JSON.stringify(key)}`);
  const names = (paper.authors ?? []).map(splitName).filter((name) => name !== null);
  const fields: [string, string][] = [['title', `{${escapeBibtexText(cleanText(paper.title))}}`]];
  if (names.length > 0) {
    const more = paper.authorCount !== null && paper.authorCount > names.length ? ' and others' : '';
    fields.push(['author', names.map(bibtexName).join(' and ') + more]);
  }
  const year = paperYear(paper);
  if (year !== null) fields.push(['year', year]);
  if (paper.arxivId) {
    fields.push(['eprint', paper.arxivId], ['archivePrefix', 'arXiv'], ['url', arxivAbsUrl(paper.arxivId)]);
  } else {
    fields.push(['howpublished', 'Hugging Face Papers'], ['url', paperUrl(paper)]);
  }
  const entry = `@misc{${key},\n${fields.map(([name, value]) => `  ${name}={${value}}`).join(',\n')}\n}`;
  return names.length > 0 ? entry : `${missingNamesComment(paper.authorCount ?? paper.authors?.length ?? null)}\n${entry}`;
}

/** A whole `.bib` file: the papers in order, with keys unique within it (`citationKeys`). */
export function bibliography(papers: readonly Paper[]): string {
  const keys = citationKeys(papers);
  return papers.map((paper, i) => bibtexEntry(paper, keys[i] ?? '')).join('\n\n') + '\n';
}

function bibtexName(name: PersonName): string {
  if (name.literal) return `{${escapeBibtexText(name.full)}}`;
  if (name.readsAsWritten) return escapeBibtexText(name.full);
  const family = [name.particle, name.family].filter(Boolean).join(' ');
  return escapeBibtexText([family, name.suffix, name.given.join(' ')].filter(Boolean).join(', '));
}

/** BibTeX ignores text outside entries; `%` marks it as a comment for people and tools. */
function missingNamesComment(count: number | null): string {
  if (count === null || count === 0) return '% the authors are not in the digest';
  return count === 1 ? '% 1 author; the name is not in the digest' : `% ${count} authors; their names are not in the digest`;
}
