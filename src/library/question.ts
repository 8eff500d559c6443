import { addYears, format, isValid, parse, startOfYear } from 'date-fns';
import type { Organization } from '../digest/paper.js';
import { parseSince } from './parse-since.js';
import { isStopword, stemWord, WORD_SEPARATOR } from './text-analysis.js';

/** What a question asks for, beyond its content words. */
export interface Question {
  text: string;
  /** The content words, as a search query ("which paper uses RingAttention?" → "RingAttention"). */
  query: string;
  /** "how much / how many / what score": the answer must hold a figure. */
  wantsFigure: boolean;
  /** The stem of what "how many" counts ("how many hours …" → "hour"), or null. */
  countedUnit: string | null;
  /** "which papers …": several papers, not one. */
  plural: boolean;
  /** "what's new", "latest", "recent": newest first. */
  wantsNewest: boolean;
  /** Inclusive `YYYY-MM-DD` bounds from "since May", "in 2024", "this year". */
  since: string | null;
  until: string | null;
  /** Organizations named in the question ("papers from Alibaba"). */
  organizations: Organization[];
}

/** Words that shape a question but are not what it is about. */
const QUESTION_WORDS = new Set(
  (
    'which what who whose whom how much many paper papers work works study studies article articles research propose proposes proposed ' +
    'introduce introduces introduced present presents presented does do did get gets got achieve achieves achieved score scores ' +
    'new newest latest recent recently tell show find list give anything something digest any there can could would should know ' +
    'since after before from during year years month months published publish lately today please bot hey hi one ones mention mentions use uses used using'
  ).split(' '),
);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_WORDS = new Set([...MONTHS, 'january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december']);
/** Organization words too generic to identify one. */
const GENERIC_ORG_WORDS = new Set(['lab', 'labs', 'university', 'ai', 'team', 'research', 'group', 'inc', 'institute', 'the']);

const FIGURE_QUESTION =
  /\bhow (much|many|fast|large|big|long|far|high|low|well|often)\b|\bby how\b|\bwhat (is |was |are )?(the )?(score|accuracy|speed-?up|percentage|improvement|gain|reduction|mfu|throughput|size|number|recall|memory)\b|\b(score|accuracy|speed-?up|mfu|recall|percent|percentage)\b/i;
const PLURAL_QUESTION =
  /\b(which|what|any|list|other) papers\b|\bpapers (that|which|about|on|from|using|with|by|in|since)\b|^papers\b|\bwhat'?s new\b|\bwhich (works|studies)\b/i;
const NEWEST_QUESTION = /\bwhat'?s new\b|\b(latest|newest|recent|recently)\b/i;

/** Reads a natural-language question about the digest. `now` anchors "since May" and "this year". */
export function parseQuestion(text: string, now: Date, organizations: readonly Organization[]): Question {
  const clean = text.replace(/\s+/g, ' ').trim();
  const { since, until } = timeBounds(clean, now);
  const named = organizationsIn(clean, organizations);
  const orgWords = new Set(named.flatMap((org) => orgTokens(org)));
  const query = clean
    .split(WORD_SEPARATOR)
    .filter((word) => {
      const lower = word.toLowerCase();
      return (
        /[\p{N}]|[\p{L}]{2}/u.test(word) &&
        !QUESTION_WORDS.has(lower) &&
        !MONTH_WORDS.has(lower) &&
        !isStopword(lower) &&
        !/^(19|20)\d\d$/.test(word) &&
        !orgWords.has(lower)
      );
    })
    .join(' ');
  return {
    text: clean,
    query,
    wantsFigure: FIGURE_QUESTION.test(clean),
    countedUnit: countedUnitOf(clean),
    plural: PLURAL_QUESTION.test(clean) && !/\bwhich paper\b/i.test(clean),
    wantsNewest: NEWEST_QUESTION.test(clean),
    since,
    until,
    organizations: named,
  };
}

/** "How many long documents …" → "document": the noun after "how many", past adjectives. */
function countedUnitOf(text: string): string | null {
  const words = /\bhow many\s+((?:[\p{L}\p{N}-]+\s+){0,2}?[\p{L}\p{N}-]+)/iu.exec(text)?.[1]?.split(/\s+/) ?? [];
  const noun = words.find((word) => /s$/i.test(word) && word.length > 3) ?? words[0];
  return noun ? stemWord(noun) : null;
}

function timeBounds(text: string, now: Date): { since: string | null; until: string | null } {
  const lower = text.toLowerCase();
  if (/\bthis year\b/.test(lower)) return { since: format(startOfYear(now), 'yyyy-MM-dd'), until: null };
  if (/\blast year\b/.test(lower)) {
    const year = now.getFullYear() - 1;
    return { since: `${year}-01-01`, until: `${year}-12-31` };
  }
  const after = /\b(?:since|after|from)\s+((?:[a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:\d{4}|[a-z]+)|\d+\s*(?:days?|weeks?|months?|years?)(?:\s+ago)?)/i.exec(text);
  if (after) {
    const phrase = (after[1] as string).trim();
    const month = monthOnOrBefore(phrase, now);
    const keyword = /^\s*after/i.test(after[0]) ? 'after' : /^\s*from/i.test(after[0]) ? 'from' : 'since';
    if (/^(19|20)\d\d$/.test(phrase)) {
      const year = Number(phrase);
      if (keyword === 'from') return { since: `${year}-01-01`, until: `${year}-12-31` };
      return { since: keyword === 'after' ? `${year + 1}-01-01` : `${year}-01-01`, until: null };
    }
    const since = month ?? parseSince(phrase, now);
    if (since) return { since, until: null };
  }
  const inYear = /\b(?:in|during|of)\s+((?:19|20)\d\d)\b/i.exec(text);
  if (inYear) return { since: `${inYear[1]}-01-01`, until: `${inYear[1]}-12-31` };
  const before = /\bbefore\s+((?:19|20)\d\d)\b/i.exec(text);
  if (before) return { since: null, until: `${Number(before[1]) - 1}-12-31` };
  return { since: null, until: null };
}

/** "May" → the first of the latest May on or before `now`. */
function monthOnOrBefore(phrase: string, now: Date): string | null {
  const word = phrase.toLowerCase().slice(0, 3);
  if (!MONTHS.includes(word) || !/^[a-z]+\.?$/i.test(phrase)) return null;
  let date = parse(`${word} ${now.getFullYear()}`, 'MMM yyyy', now);
  if (!isValid(date)) return null;
  if (date > now) date = addYears(date, -1);
  return format(date, 'yyyy-MM-dd');
}

/** "AlibabaTongyiLab TongyiLab" → alibaba, tongyi, tongyilab, alibabatongyilab. */
function orgTokens(org: Organization): string[] {
  const words = `${org.id} ${org.name}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(WORD_SEPARATOR);
  const whole = [org.id, org.name].map((name) => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''));
  return [...new Set([...words, ...whole])].filter((word) => word.length >= 3 && !GENERIC_ORG_WORDS.has(word));
}

function organizationsIn(text: string, organizations: readonly Organization[]): Organization[] {
  const words = new Set(text.toLowerCase().split(WORD_SEPARATOR));
  return organizations.filter((org) => orgTokens(org).some((token) => words.has(token)));
}
