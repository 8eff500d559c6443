import type { PaperLink } from './paper.js';

// Stops at whitespace and at characters that never end a real URL in an abstract
// but often follow one: LaTeX braces (`...LEval}.`), brackets and quotes.
const URL_PATTERN = /https?:\/\/[^\s{}<>()[\]"'`\\|^]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?*_~]+$/;
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

/** Classifies a link: repositories are code, dataset hubs are datasets, the rest project pages. */
function classifyLink(url: URL): PaperLink['kind'] {
  const host = url.hostname.replace(/^www\./, '');
  if (CODE_HOSTS.has(host)) return 'code';
  if (host === 'huggingface.co' && url.pathname.startsWith('/datasets/')) return 'dataset';
  return 'project';
}

/** Every distinct http(s) link in a text, trailing punctuation removed, in order of appearance. */
export function extractLinks(text: string): PaperLink[] {
  const links: PaperLink[] = [];
  const seen = new Set<string>();
  for (const [raw] of text.matchAll(URL_PATTERN)) {
    const link = toLink(raw.replace(TRAILING_PUNCTUATION, ''));
    if (link && !seen.has(link.url)) {
      seen.add(link.url);
      links.push(link);
    }
  }
  return links;
}

/** A validated link, or null for text that only looks like one. */
export function toLink(raw: string, kind?: PaperLink['kind']): PaperLink | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || !url.hostname.includes('.')) return null;
  return { url: url.href.replace(/\/$/, ''), kind: kind ?? classifyLink(url) };
}
