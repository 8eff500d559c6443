import type { Organization } from '../digest/paper.js';
import { figureKindOf, type FigureKind } from './figures.js';
import { timeFilterOf } from './question-dates.js';
import { organizationFilterOf, questionWords } from './question-organizations.js';
import { isStopword, stemWord } from './text-analysis.js';

/** What a question asks for, beyond its content words. */
export interface Question {
  text: string;
  /** The content words, as a search query ("which paper uses RingAttention?" → "RingAttention"). */
  query: string;
  /** "how much / how many / what score": the answer must hold a figure. */
  wantsFigure: boolean;
  /** What the asked figure measures ("how much faster" → speedup), or null. */
  figureKind: FigureKind | null;
  /** The stem of what "how many" counts ("how many expert trajectories …" → "trajectori"), or null. */
  countedUnit: string | null;
  /** "which papers …": several papers, not one. */
  plural: boolean;
  /** "what's new", "latest", "recent": newest first. */
  wantsNewest: boolean;
  /** Inclusive `YYYY-MM-DD` bounds, only when the question asks for them ("papers from March 2025", "since May"). */
  since: string | null;
  until: string | null;
  /** Organizations the question asks papers to come from ("what did Alibaba publish on …"). */
  organizations: Organization[];
}

/**
 * Words that frame a question and say nothing of its subject: "which paper", "is there any
 * work on", "anyone know", "what accuracy did … get", "how many". They neither rank papers
 * nor count as words an answer must cover. Nouns like "survey", "benchmark" or "dataset"
 * stay: they describe the paper sought.
 */
const FRAME_WORDS = new Set(
  (
    'what whats which who whom whose how why when where does do did done doing is are was were has have had can could would should will ' +
    'paper papers preprint preprints publication publications article articles anyone anybody someone somebody anything something ' +
    'know knows seen see looking look find found tell show me please hey hi thanks folks guys exist exists ' +
    'there any some one ones much many get gets got reach reaches reached claim claims claimed report reports reported ' +
    'supposed meant called named roughly approximately exactly around about use uses used using publish publishes published publishing ' +
    'write writes wrote written propose proposes proposed introduce introduces introduced present presents presented ' +
    'latest newest recent recently not actually really basically just maybe perhaps probably somehow wonder wondering guess remember'
  ).split(' '),
);
/**
 * "work" and "research" frame only in these places: "any work on", "is there work where",
 * "research on". "study" is not a frame word: like "survey", it says what kind of paper is sought.
 */
const FRAME_PHRASES =
  /\b(?:any|some|a|the|this|that|recent|related|prior|existing|seen|there|is there)\s+(?:work|works|research)\b(?=\s+(?:on|about|that|where|which|showing|using|from|in|by|for|with)\b)|\b(?:work|research)\s+(?=on\b)/giu;
/** Someone's recollection around the question: "I think someone argued …", "I remember a paper …". */
const HEARSAY =
  /\b(?:i|we) (?:think|believe|guess|recall|remember|heard|read|saw|vaguely)\b|\b(?:someone|somebody|people|they|anyone) (?:argued|said|claimed|showed|wrote|suggested|found|tried|did|built|made)\b/giu;
/** "What's new", "anything new": the question wants the newest papers; "new" is not a content word there. */
const NEWEST_PHRASE = /\b(?:what'?s|what is|anything|something|any(?:thing)?) new\b/giu;
/** Words of a figure question that name the asked quantity: they choose the figure, not the paper. */
const QUANTITY_WORDS = new Set('accuracy score scores rate rates percent percentage share proportion fraction factor speedup size number'.split(' '));
/** The asking part of a figure question: "how much faster", "by what factor", "up to how many times". */
const QUANTITY_PHRASE =
  /\b(?:up to |by )?how (?:much|many|big|large|long|fast|far|high|low|well|often)(?: (?:faster|slower|more|less|fewer|bigger|larger|smaller|times|an?))*\b|\bby what (?:factor|margin)\b/giu;

const PLURAL_QUESTION =
  /\b(which|what|any|list|other) papers\b|\bpapers (that|which|about|on|from|using|with|by|in|since)\b|^papers\b|\bwhat'?s new\b|\bwhich (works|studies)\b/i;
const NEWEST_QUESTION = /\bwhat'?s new\b|\b(latest|newest|recent|recently)\b/i;

interface ParseContext {
  /** How many of the digest's `size` papers hold a word: organizations are not matched on common words. */
  documentsWith?: (word: string) => number;
  size?: number;
}

/** A word in at most this many papers is never common, however small the digest. */
const NEVER_COMMON_PAPERS = 20;

/**
 * Reads a natural-language question about the digest: its content words, the figure it asks
 * for, and the time and organization filters it asks for (only when it asks: a date or a
 * name that is part of the content stays in the query). `now` anchors "since May". Curly
 * apostrophes are read, and kept in `text`, as straight ones.
 */
export function parseQuestion(text: string, now: Date, organizations: readonly Organization[], context: ParseContext = {}): Question {
  // Phones and word processors type ’ for ': "what’s new" must read as "what's new".
  const clean = text.replace(/\s+/g, ' ').replace(/[‘’ʼ]/gu, "'").trim();
  const time = timeFilterOf(clean, now);
  let rest = withoutSpans(clean, time.spans);
  // Organizations are read before frame words go: "Alibaba-NLP work on" names its author by "work".
  const { documentsWith = () => 0, size = 0 } = context;
  const orgs = organizationFilterOf(rest, organizations, (word, share) => documentsWith(word) > Math.max(NEVER_COMMON_PAPERS, share * size));
  rest = withoutSpans(rest, orgs.spans);
  rest = rest.replace(FRAME_PHRASES, ' ').replace(QUANTITY_PHRASE, ' ').replace(NEWEST_PHRASE, ' ').replace(HEARSAY, ' ');
  const figureKind = figureKindOf(clean);
  const query = questionWords(rest)
    .filter((word) => {
      if (isStopword(word) || FRAME_WORDS.has(word)) return false;
      if (figureKind !== null && QUANTITY_WORDS.has(word)) return false;
      // A lone letter ("what's" → "s") is no word; a digit may be ("3D", "v2" stay whole).
      return word.length > 1 || /\d/.test(word);
    })
    .join(' ');
  return {
    text: clean,
    query: restoreCase(query, clean),
    wantsFigure: figureKind !== null,
    figureKind,
    countedUnit: countedUnitOf(clean),
    plural: PLURAL_QUESTION.test(clean) && !/\bwhich paper\b/i.test(clean),
    wantsNewest: NEWEST_QUESTION.test(clean),
    since: time.since,
    until: time.until,
    organizations: orgs.organizations,
  };
}

/** The text without these [start, end) character ranges, which may overlap ("Amazon" inside "Amazon AGI"). */
function withoutSpans(text: string, spans: readonly [number, number][]): string {
  let result = '';
  let at = 0;
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    if (start > at) result += `${text.slice(at, start)} `;
    at = Math.max(at, end);
  }
  return result + text.slice(at);
}

/** The query's words as the question wrote them ("ringattention" → "RingAttention"), so CamelCase names keep their parts. */
function restoreCase(query: string, text: string): string {
  const written = new Map<string, string>();
  for (const word of text.split(/[^\p{L}\p{N}]+/u)) if (word) written.set(word.toLowerCase(), written.get(word.toLowerCase()) ?? word);
  return query
    .split(' ')
    .map((word) => written.get(word) ?? word)
    .join(' ');
}

/** Words that end the noun phrase after "how many" ("how many expert trajectories does …"). */
const PHRASE_END = new Set(
  'are is was were does do did have has had in on of across for from used were can could will would to that which per with does'.split(' '),
);

/** "How many professional-level Capture the Flag tasks are in …" → "task": the last noun before the verb. */
function countedUnitOf(text: string): string | null {
  const after = /\bhow (?:many|much)\s+(.*)$/iu.exec(text)?.[1];
  if (after === undefined) return null;
  const words: string[] = [];
  for (const word of after.split(/\s+/)) {
    const bare = word.replace(/[^\p{L}\p{N}-]/gu, '');
    if (bare === '' || PHRASE_END.has(bare.toLowerCase())) break;
    words.push(bare);
    if (/[?,.;:]$/.test(word) || words.length === 6) break;
  }
  const noun = words.at(-1);
  return noun === undefined || /^\d/.test(noun) ? null : stemWord(noun);
}
