/**
 * Links in a model's text that the excerpts it was given do not hold. A model that obeys an
 * instruction hidden in an abstract or a question could otherwise post any link, labelled as
 * an answer, beside a real paper's card.
 */

/** Said where a link was taken out, so a reader sees that the model wrote one. */
export const LINK_REMOVED = '(link removed)';

/**
 * Where a URL starts: a scheme and slashes (one or more, either way round, as browsers read
 * `https:/x` and `https:\\x`), or a bare `www.` host.
 */
const URL_START = String.raw`(?:[a-z][a-z0-9+.-]*:[/\\]+|www\.)`;
/**
 * A URL runs to the next whitespace. Taking the whole run keeps what follows an allowed URL
 * (`https://ok.org/x.evil.com`, `https://ok.org/x@evil.com`) from riding along on it.
 */
const URL_PATTERN = new RegExp(String.raw`${URL_START}\S*`, 'gi');
/** `<https://…>`: Discord's link-without-preview form. */
const ANGLE_LINK = new RegExp(String.raw`<\s*(${URL_START}[^\s>]*)\s*>`, 'gi');
/** `[text](target)` and `[text](<target> "title")`: the target is whatever is in the brackets. */
const MASKED_LINK = /\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?(?:\s+"[^"\n]*")?\s*\)/g;
/** Invisible formatting characters (zero-width spaces and joiners, direction marks): a model has no use for them, and they can hide a scheme inside a word. */
const INVISIBLE = /\p{Cf}/gu;

/** Trailing punctuation a sentence puts after a URL, not part of it. */
function trimUrl(url: string): string {
  return url.replace(/[.,;:!?'")\]}>*_~]+$/u, '');
}

/** The URLs a text holds, trailing punctuation left off: what a model's text may link to. */
export function urlsIn(text: string): Set<string> {
  return new Set([...text.replace(INVISIBLE, '').matchAll(URL_PATTERN)].map((match) => trimUrl(match[0])).filter((url) => url !== ''));
}

/**
 * The text with every link not in `allowed` taken out, and how many were: a masked link whose
 * target is not allowed becomes its text (an allowed one its text and the URL, so the reader
 * sees where it goes), `<url>` and raw URLs not allowed become "(link removed)". Invisible
 * formatting characters go first, so none can split a scheme from its host. Raw URLs go
 * last, so whatever removing a masked or angle link leaves behind (`http` + `://x` joined)
 * is still read as a URL; what the raw pass leaves is text, "(link removed)" or allowed URLs.
 */
export function stripForeignLinks(text: string, allowed: ReadonlySet<string>): { text: string; removed: number } {
  let removed = 0;
  const keep = (url: string) => {
    if (allowed.has(trimUrl(url))) return true;
    removed++;
    return false;
  };
  const stripped = text
    .replace(INVISIBLE, '')
    .replace(MASKED_LINK, (_whole, label: string, target: string) => (keep(target) ? `${label} (${target})` : label))
    .replace(ANGLE_LINK, (_whole, url: string) => (keep(url) ? url : LINK_REMOVED))
    .replace(URL_PATTERN, (url) => (keep(url) ? url : LINK_REMOVED));
  return { text: stripped, removed };
}
