import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const STOPWORDS: ReadonlySet<string> = new Set(eng);

/** Splits text into words the way MiniSearch does: on anything that is not a letter or digit. */
export const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;

/**
 * Where a joined name starts a new capitalized word: "Ring|Attention", "Long|RoPE",
 * "HTTP|Server" (after two capitals), but not inside "RoPE", "LoRA" or "LLaMA".
 */
const INNER_CAPITAL = /.\p{Lu}/u;
const COMPOUND_BOUNDARY = /(?<=\p{Ll})(?=\p{Lu}\p{Ll})|(?<=\p{Lu}{2})(?=\p{Lu}\p{Ll})/u;

/**
 * The words a CamelCase name is made of: "RingAttention" → Ring, Attention; "FlashAttention2"
 * → Flash, Attention2. Empty when the word is not such a compound or a part is shorter than
 * three letters: those are prefixes, not words ("BiMamba", "KnowUnDo", "iPhone").
 */
export function compoundParts(word: string): string[] {
  const parts = word.split(COMPOUND_BOUNDARY);
  return parts.length > 1 && parts.every((part) => part.length >= 3) ? parts : [];
}

/**
 * The index's tokenizer: the words of a text, and after each CamelCase name its parts, so
 * "RingAttention" is found by "ring attention" as well as by its own name.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.split(WORD_SEPARATOR)) {
    if (word === '') continue;
    tokens.push(word);
    // Most words have no capital after their first letter; only the others can be compounds.
    if (INNER_CAPITAL.test(word)) for (const part of compoundParts(word)) tokens.push(part);
  }
  return tokens;
}

/**
 * Stems already computed. A digest's vocabulary is far smaller than its word count, so
 * this turns most stemming into a map lookup; it is cleared if it ever grows very large.
 */
const STEMS = new Map<string, string>();
const MAX_CACHED_STEMS = 500_000;

/** Lowercases and stems one word (Porter stemmer): "attention" → "attent", "caches" → "cach". */
export function stemWord(word: string): string {
  const lower = word.toLowerCase();
  let stem = STEMS.get(lower);
  if (stem === undefined) {
    // The Porter stemmer is for English words; leave digits and mixed tokens ("128k", "llama2") whole.
    stem = /^[a-z]+$/.test(lower) ? stemmer(lower) : lower;
    if (STEMS.size >= MAX_CACHED_STEMS) STEMS.clear();
    STEMS.set(lower, stem);
  }
  return stem;
}

/**
 * The index's term processor: lowercase, drop English stopwords, stem.
 * Returns null for words that carry no meaning, so MiniSearch skips them.
 */
export function processTerm(word: string): string | null {
  const lower = word.toLowerCase();
  if (lower.length === 0 || STOPWORDS.has(lower)) return null;
  return stemWord(lower);
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/** The meaningful stemmed terms of a text, in order, duplicates removed. */
export function queryTerms(text: string): string[] {
  const terms = tokenize(text)
    .map(processTerm)
    .filter((term): term is string => term !== null);
  return [...new Set(terms)];
}

/**
 * Conversational filler that says nothing about papers ("hey folks, anyone know a good
 * trick…"). Dropped when looking up papers from a chat message, on top of the stopwords.
 */
const CHATTER = new Set(
  (
    'hey hi hello hiya yo folks guys people everyone anyone someone somebody lol lmao haha ok okay yeah yes no nope thanks thank ' +
    'please pls know knows think thinking thought guess wonder wondering maybe perhaps probably really actually basically just like ' +
    'good great nice cool awesome bad best better trick tricks idea ideas way ways thing things stuff something anything ' +
    'when what which who why how where see seen look looking read reading tomorrow today yesterday tonight soon later now ' +
    'want wanted need needs try trying tried use using help question questions paper papers work works'
  ).split(' '),
);

export function isChatter(word: string): boolean {
  return CHATTER.has(word.toLowerCase());
}
