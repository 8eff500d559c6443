import type { Organization } from '../digest/paper.js';
import { compoundParts } from './text-analysis.js';

/** The organizations a question asks papers to come from, and the words that asked. */
interface OrganizationFilter {
  organizations: Organization[];
  /** [start, end) character ranges of the text naming them, to leave out of the query. */
  spans: [number, number][];
}

/** Short words inside organization names ("AI at Meta", "Technical University of Munich"). */
const FUNCTION_WORDS = new Set('a an the of at and for in on de du la le les'.split(' '));
/** Words that say a name is an organization's but identify none alone ("lab", "university"). */
const ORGANIZATION_WORDS = new Set(
  (
    'lab labs laboratory ai university universitat universite univ college school institute institution team group research researchers ' +
    'inc ltd llc co corp corporation company official org hub center centre academy national technology technical tech science sciences ' +
    'foundation project community open nlp ml cv llm llms'
  ).split(' '),
);
const GENERIC = new Set([...FUNCTION_WORDS, ...ORGANIZATION_WORDS]);
/** Words just before a name that say it is the author: "by Google", "what did Google …", "any Meta paper". */
const AUTHOR_BEFORE = new Set(['by', 'from', 'at', 'did', 'does', 'do', 'has', 'have', 'had', 'any']);
/** Words just after a name that say it is the author: "Google paper", "Google published", "Google's". */
const AUTHOR_AFTER = new Set(
  'paper papers work works publish published publishes publication publications preprint preprints article articles research researchers team study studies released release proposed propose proposes introduced introduce presented present did has have s'.split(
    ' ',
  ),
);

/** A question's words as the organization matcher reads them: lowercase, "A&M" → "a", "m". */
export function questionWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Where each of `questionWords` stands in the text. */
function wordOffsets(text: string): [number, number][] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((match) => [match.index, match.index + match[0].length]);
}

/** Whether a word is in more than this share of the digest's papers: too common to be a name. */
type IsCommonWord = (word: string, share: number) => boolean;
/** A word of a name counts alone when at most 0.5% of papers hold it ("Munich", "Pusan")… */
const DISTINCTIVE_SHARE = 0.005;
/** …and as the whole name, or in a full name, at most 5% ("Google", "Intern Robotics"; not "Model Architectures"). */
const NAME_SHARE = 0.05;

/** "AlibabaTongyiLab" → alibaba, tongyi, lab; "AI at Meta" → ai, at, meta. */
function nameWords(name: string): string[] {
  return name
    .split(/[^\p{L}\p{N}]+/u)
    .flatMap((word) => {
      const parts = compoundParts(word);
      return parts.length > 0 ? parts : [word];
    })
    .map((word) => word.toLowerCase())
    .filter(Boolean);
}

/**
 * The organizations a question names as authors: "what did Amazon AGI publish on …",
 * "any AI at Meta paper on …", "Pusan National University paper on …", "what did TU Munich
 * publish …". A name counts when the question holds its full name (or handle), or one of its
 * distinctive words (not generic, and in few papers: `isCommonWord`); and
 * only in the author's place: after "by", "from", "did", "has", "any" or before "paper",
 * "published", "'s". Otherwise the name is content ("a Lexsi Labs library") and stays in the query.
 */
export function organizationFilterOf(text: string, organizations: readonly Organization[], isCommonWord: IsCommonWord): OrganizationFilter {
  const words = questionWords(text);
  const offsets = wordOffsets(text);
  const present = new Set(words);
  const found = new Map<string, { org: Organization; span: [number, number] }>();
  for (const { org, variants, orgWords, initials } of prepared(organizations)) {
    // Most organizations share no word with the question: skip them before any matching.
    if (!variants.some((variant) => variant.some((word) => present.has(word)))) continue;
    const uncommon = (word: string, share: number) => word.length >= 3 && !GENERIC.has(word) && !/^\d+$/.test(word) && !isCommonWord(word, share);
    for (const variant of variants) {
      const at = indexOfSequence(words, variant);
      // A full name counts when a word of it is uncommon, or when it reads as an organization's
      // name ("Parameter Lab", "AI at Meta"); "Model Architectures" reads as content.
      const meaningful =
        variant.some((word) => uncommon(word, NAME_SHARE)) ||
        (variant.length > 1 && variant.some((word) => ORGANIZATION_WORDS.has(word)) && variant.some((word) => !GENERIC.has(word)));
      if (at >= 0 && meaningful) {
        found.set(org.id, { org, span: [at, at + variant.length] });
        break;
      }
    }
    if (found.has(org.id)) continue;
    const at = words.findIndex(
      (word) => orgWords.has(word) && !GENERIC.has(word) && word.length >= 3 && !/^\d+$/.test(word) && !isCommonWord(word, DISTINCTIVE_SHARE),
    );
    if (at >= 0) found.set(org.id, { org, span: extendOver(words, at, orgWords, initials) });
  }
  // Every organization the words may name: "Munich" is TUM and LMU, and a filter a little too
  // wide still ranks by content, where one too narrow loses the paper.
  const asked = [...found.values()].filter(({ span }) => isAuthorPlace(words, span));
  const spans = asked.map(({ span: [first, end] }): [number, number] => [(offsets[first] as [number, number])[0], (offsets[end - 1] as [number, number])[1]]);
  return { organizations: asked.map(({ org }) => org), spans };
}

interface PreparedOrganization {
  org: Organization;
  /** The name and the handle as words. */
  variants: string[][];
  orgWords: Set<string>;
  initials: Set<string>;
}

/** Organization names split into words once per list (the library keeps one list per digest version). */
const PREPARED = new WeakMap<readonly Organization[], PreparedOrganization[]>();

function prepared(organizations: readonly Organization[]): PreparedOrganization[] {
  let list = PREPARED.get(organizations);
  if (!list) {
    list = organizations.map((org) => {
      const variants = [org.name, org.id].map(nameWords).filter((variant) => variant.length > 0);
      return { org, variants, orgWords: new Set(variants.flat()), initials: initialsOf(variants) };
    });
    PREPARED.set(organizations, list);
  }
  return list;
}

function indexOfSequence(words: readonly string[], sequence: readonly string[]): number {
  for (let start = 0; start + sequence.length <= words.length; start++) {
    if (sequence.every((word, offset) => words[start + offset] === word)) return start;
  }
  return -1;
}

/**
 * From a distinctive word, the whole run of the organization's words around it ("pusan
 * national university"), and abbreviations of them ("TU Munich" for Technical University of Munich).
 */
function extendOver(words: readonly string[], at: number, orgWords: ReadonlySet<string>, initials: ReadonlySet<string>): [number, number] {
  const belongs = (word: string) => (orgWords.has(word) || initials.has(word)) && word !== 'the';
  let start = at;
  let end = at + 1;
  while (start > 0 && belongs(words[start - 1] as string)) start--;
  while (end < words.length && belongs(words[end] as string)) end++;
  return [start, end];
}

/** Initials of two or more consecutive words of a name: "technical university of munich" → tu, tuo, tuom, uo, …, and "tum" (without "of"). */
function initialsOf(variants: readonly string[][]): Set<string> {
  const initials = new Set<string>();
  for (const variant of variants) {
    for (const words of [variant, variant.filter((word) => !['of', 'at', 'the', 'and', 'for'].includes(word))]) {
      for (let start = 0; start < words.length; start++) {
        let run = '';
        for (let end = start; end < words.length; end++) {
          run += (words[end] as string)[0];
          if (end > start) initials.add(run);
        }
      }
    }
  }
  return initials;
}

function isAuthorPlace(words: readonly string[], [start, end]: [number, number]): boolean {
  let before = start - 1;
  while (before >= 0 && (words[before] === 'the' || GENERIC.has(words[before] as string))) before--;
  let after = end;
  while (after < words.length && GENERIC.has(words[after] as string) && !AUTHOR_AFTER.has(words[after] as string)) after++;
  return AUTHOR_BEFORE.has(words[before] ?? '') || AUTHOR_AFTER.has(words[after] ?? '');
}
