import { apaReference } from '../cite/apa.js';
import { bibtexEntry } from '../cite/bibtex.js';
import { citationKey } from '../cite/citation-key.js';
import type { Paper } from '../digest/paper.js';
import { LIMITS, truncate } from './discord-limits.js';
import { escapeText } from './markdown.js';
import { reply, type ReplyPayload } from './reply-payload.js';

export const CITATION_STYLES = ['bibtex', 'apa'] as const;
type CitationStyle = (typeof CITATION_STYLES)[number];

/**
 * A paper's citation in a code block, ready to copy: a BibTeX entry keyed like
 * `liu2024world` (`bibtexEntry`, which says in a comment when the digest has only an author
 * count, and invents no names) or an APA reference. A citation too long for a message (a
 * paper with hundreds of authors) comes as an attached `.bib` / `.txt` file instead.
 */
export function citationMessage(paper: Paper, style: CitationStyle): ReplyPayload {
  const key = citationKey(paper);
  const text = style === 'bibtex' ? bibtexEntry(paper, key) : apaReference(paper);
  const header = `📑 ${style === 'bibtex' ? 'BibTeX' : 'APA'} for **${escapeText(truncate(paper.title, 300))}**`;
  const block = `\`\`\`${style === 'bibtex' ? 'bibtex' : ''}\n${unfence(text)}\n\`\`\``;
  if (header.length + 1 + block.length <= LIMITS.content) return reply({ content: `${header}\n${block}` });
  const name = style === 'bibtex' ? `${key}.bib` : `${key}.txt`;
  return reply({
    content: `${header}\nToo long for a message: it is in the attached \`${name}\`.`,
    files: [{ name, data: new TextEncoder().encode(`${text}\n`), description: `${style === 'bibtex' ? 'BibTeX' : 'APA'} citation` }],
  });
}

/** Three backticks would close the code block early; a zero-width space between them keeps it whole. */
function unfence(text: string): string {
  return text.replace(/`(?=``)/g, '`\u200b');
}
