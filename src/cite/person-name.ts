/**
 * One author's name, split once so that the citation key, the BibTeX `author` field and the
 * APA reference agree on who the family is.
 */
export interface PersonName {
  /** The name as written, whitespace collapsed. */
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
   * A name BibTeX would misread whatever the order (a comma, a standalone "and", or just
   * "others"): printed as written and never split.
   */
  literal: boolean;
  /**
   * Whether BibTeX, given `full`, finds the same given names, particle and family. It takes
   * every lowercase word before the last for a particle, so not for `jing Gao`, `yann lecun`
   * or a name with a suffix; those are written "Family, Given" for BibTeX.
   */
  readsAsWritten: boolean;
}

const SUFFIX = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;

/** Lowercase words that join the family name (`van der Berg`, `de la Cruz`, `Ortega y Gasset`). */
const PARTICLES = new Set('al bin ibn da das de del della der den des di do dos du el la le van von ten ter zu y'.split(' '));

/** One line, single spaces, no control characters: titles keep arXiv's hard wraps otherwise. */
export function cleanText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits a "Given Family" name: the last word is the family name; particles (known lowercase
 * words such as `van der`, `de`, `y`) before it join it, as do capitalised words after the
 * last particle (`Jean de La Fontaine` → `La Fontaine`); other lowercase words are given
 * names (`jing Gao` → `Gao`). A trailing `Jr.`/`II`… after at least one given name is the
 * suffix. Null when nothing is left after cleaning.
 */
export function splitName(name: string): PersonName | null {
  const full = cleanText(name);
  if (full === '') return null;
  if (full.includes(',') || /(?:^|\s)and(?:\s|$)/i.test(full) || /^others$/i.test(full)) {
    return { full, given: [], particle: '', family: full, suffix: '', literal: true, readsAsWritten: false };
  }
  const words = full.split(' ');
  const last = words.at(-1) ?? '';
  if (SUFFIX.test(last)) {
    const parts = splitWords(words.slice(0, -1), isParticle);
    if (parts.given.length > 0) return { full, ...parts, suffix: last, literal: false, readsAsWritten: false };
  }
  const parts = splitWords(words, isParticle);
  const bibtexParts = splitWords(words, startsLowercase);
  const readsAsWritten = parts.given.join(' ') === bibtexParts.given.join(' ') && parts.particle === bibtexParts.particle;
  return { full, ...parts, suffix: '', literal: false, readsAsWritten };
}

/**
 * "First von Last": the particle runs from the first to the last particle word before the
 * last word, the family from there to the end (BibTeX's rule with BibTeX's `startsLowercase`).
 */
function splitWords(words: string[], particle: (word: string) => boolean): Pick<PersonName, 'given' | 'particle' | 'family'> {
  const beforeLast = words.slice(0, -1);
  const first = beforeLast.findIndex(particle);
  if (first === -1) return { given: beforeLast, particle: '', family: words.at(-1) ?? '' };
  const last = beforeLast.findLastIndex(particle);
  return { given: words.slice(0, first), particle: words.slice(first, last + 1).join(' '), family: words.slice(last + 1).join(' ') };
}

function isParticle(word: string): boolean {
  return PARTICLES.has(word);
}

/** BibTeX's test: the first letter is lowercase. */
function startsLowercase(word: string): boolean {
  const letter = /\p{L}/u.exec(word)?.[0];
  return letter !== undefined && letter !== letter.toUpperCase();
}
