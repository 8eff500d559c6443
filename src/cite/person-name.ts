/**
 * One author's name, split the way BibTeX splits a "First von Last" name, so the citation
 * key, the BibTeX `author` field and the APA reference agree on who the family is.
 */
export interface PersonName {
  /** The name as written, whitespace collapsed: what BibTeX is given. */
  full: string;
  /** Given names in order (`["Chen-Yu"]`); empty for a one-word or literal name. */
  given: string[];
  /** The lowercase particles before the family name (`van der`), or ''. */
  particle: string;
  /** The family name (`Berg`, `La Fontaine`); the whole name when `literal`. */
  family: string;
  /** `Jr.`, `Sr.`, `II`, `III` or `IV` when the name ends with one, else ''. */
  suffix: string;
  /**
   * A name BibTeX would misread if given as written (a comma, a standalone "and", or just
   * "others"): printed as written and never split.
   */
  literal: boolean;
}

const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;

/** One line, single spaces, no control characters: titles keep arXiv's hard wraps otherwise. */
export function cleanText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits a "Given Family" name as BibTeX does: the last word is the family name; words
 * starting with a lowercase letter before it are particles (`van der`), and any capitalised
 * words after the last particle belong to the family (`Jean de La Fontaine` → `La Fontaine`).
 * A trailing `Jr.`/`II`… after at least one given name is the suffix. Unlike BibTeX, a name
 * written all in lowercase has no particles (`yann lecun` → family `lecun`). Null when
 * nothing is left after cleaning.
 */
export function splitName(name: string): PersonName | null {
  const full = cleanText(name);
  if (full === '') return null;
  if (full.includes(',') || /(?:^|\s)and(?:\s|$)/i.test(full) || /^others$/i.test(full)) {
    return { full, given: [], particle: '', family: full, suffix: '', literal: true };
  }
  const words = full.split(' ');
  const last = words.at(-1) ?? '';
  if (SUFFIX.test(last)) {
    const parts = splitWords(words.slice(0, -1));
    if (parts.given.length > 0) return { full, ...parts, suffix: last, literal: false };
  }
  return { full, ...splitWords(words), suffix: '', literal: false };
}

function splitWords(words: string[]): Pick<PersonName, 'given' | 'particle' | 'family'> {
  const beforeLast = words.slice(0, -1);
  const firstParticle = words.every(startsLowercase) ? -1 : beforeLast.findIndex(startsLowercase);
  if (firstParticle === -1) return { given: beforeLast, particle: '', family: words.at(-1) ?? '' };
  const lastParticle = beforeLast.findLastIndex(startsLowercase);
  return {
    given: words.slice(0, firstParticle),
    particle: words.slice(firstParticle, lastParticle + 1).join(' '),
    family: words.slice(lastParticle + 1).join(' '),
  };
}

function startsLowercase(word: string): boolean {
  const letter = /\p{L}/u.exec(word)?.[0];
  return letter !== undefined && letter !== letter.toUpperCase();
}
