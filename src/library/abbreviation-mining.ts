import { isStopword, processTerm, WORD_SEPARATOR } from './text-analysis.js';

/**
 * Abbreviations mined from the digest itself: the definitions papers write, such as
 * "Mixture-of-Experts (MoE)", "key-value (KV) cache" or "vision-language models (VLMs)",
 * counted over every paper (AbbreviationTable, abbreviation-table.ts) so that a question
 * saying "moe" can also look for the words "mixture" and "expert".
 *
 * Matching follows Schwartz & Hearst, "A simple algorithm for identifying abbreviation
 * definitions in biomedical text" (PSB 2003):
 *
 * - A short form is a parenthesised single token ("(MoE)", "( MoE )", or the part before the
 *   first comma or semicolon: "(MoE; Shazeer et al., 2017)"), 2–10 characters of letters,
 *   digits and inner hyphens, with at least two letters. "(2024)", "(i)", "(e.g., BERT)",
 *   "(see Fig. 3)" and "$O(N^2)$" are not short forms; neither is a stopword ("(IT)", "(Or)").
 *   A lowercase "s" after a capital or a digit is a plural and is dropped ("VLMs" → VLM).
 * - The long form is looked for in the min(|A| + 5, 2·|A|) words before the parenthesis (|A| =
 *   the short form's length), within the same clause: the window stops at brackets, at
 *   `; : ! ? , $` and at a full stop followed by a space. Whitespace (arXiv line breaks
 *   included), hyphens, dashes and slashes separate words, so "Mixture-of-Experts" is three.
 * - A short form holding a capital after its first character ("MoE", "KV", "GRPO", "mAP",
 *   "T2I") is matched as the paper's algorithm does: each of its letters (digits and hyphens
 *   ignored, case ignored) must appear in the long form in order, the first one at the start
 *   of a word (leading digits of that word may precede it: "3D Gaussian Splatting (3DGS)").
 *   Where several first words work, the one letting most letters sit on initials wins, the
 *   nearest on ties (see matchLetters: the paper's greedy scan turns "Proximal Policy
 *   Optimization (PPO)" into "Policy Optimization"). The long form runs from the start of the
 *   whitespace-separated token holding that first word: "Multi-modal Large Language Models",
 *   "Self-supervised learning", "text-to-image (T2I)".
 * - Any other short form (all lowercase, or one initial capital: "(moe)", "(Ours)", "(Adam)")
 *   is an ordinary word as often as an abbreviation, so it must match well: its n letters must
 *   be the initials of exactly the last n words before the parenthesis ("mixture of experts
 *   (moe)"). Lowercase Roman numerals ("(ii)", "(iv)") never count.
 * - A window holding the abbreviation as a word ("Sparse MoE models (MoEs)") restates it rather
 *   than defines it; a long form equal to the abbreviation ("Lo-RA (LoRA)") or with no content
 *   word is rejected.
 *
 * Only the "long form (short form)" pattern is read: the reverse, "LLM (large language model)",
 * is rare in abstracts and far noisier.
 */

/** Characters of a short form, counted as written (plural "s" included). */
const MIN_SHORT_FORM = 2;
const MAX_SHORT_FORM = 10;
/** The window before the parenthesis never needs more text than this (at most 15 words). */
const MAX_LOOKBEHIND = 400;
/** How far a short form followed by a comma or semicolon may be from its closing parenthesis. */
const MAX_PARENTHESIS = 200;

const SHORT_FORM = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
const PLURAL = /(?<=[\p{Lu}\p{N}])s$/u;
const LETTER = /\p{L}/u;
const CAPITAL = /\p{Lu}/u;
const ROMAN_NUMERAL = /^[ivxlcdm]+$/;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
const WHITESPACE = /\s+/u;
const SPACE = /\s/u;
const PART_BREAK = /[-‐‑‒–—―/]/u;
const DIGIT = /\p{N}/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
/** Characters that end the short form's token inside the parenthesis. */
const SHORT_FORM_END = new Set([' ', '\t', '\n', '\r', '(', ')', '[', ']', ',', ';']);
/** Characters the long form never runs across. */
const CLAUSE_BOUNDARY = new Set(['(', ')', '[', ']', '{', '}', ';', ':', '!', '?', ',', '$']);

/** One definition found in a text. */
export interface AbbreviationDefinition {
  /** The table's key: the short form lowercased, plural "s" and hyphens dropped ("VLMs" → "vlm", "FP-8" → "fp8"). */
  abbreviation: string;
  /** The long form as written, words joined by spaces ("Mixture of Experts"). */
  longForm: string;
  /** processTerm of each of its words, stopwords dropped, duplicates removed ("mixtur", "expert"). */
  stems: string[];
}

/** The key a word is looked up by: lowercase, letters and digits only. */
export function abbreviationKey(word: string): string {
  return word.toLowerCase().replace(NOT_LETTER_OR_DIGIT, '');
}

/** The last clause of `before`: from the last boundary character (or ". ") to its end. */
function lastClause(before: string): string {
  for (let i = before.length - 1; i >= 0; i--) {
    const char = before[i] as string;
    if (CLAUSE_BOUNDARY.has(char)) return before.slice(i + 1);
    if (char === '.' && i + 1 < before.length && SPACE.test(before[i + 1] as string)) return before.slice(i + 1);
  }
  return before;
}

/** The words before a parenthesis: whitespace-separated tokens, and the parts hyphens, dashes and slashes split them into. */
interface Window {
  tokens: string[];
  /** Lowercase parts, the last ones only (at most the window's word count). */
  parts: string[];
  /** The token each part belongs to. */
  tokenOf: number[];
}

function windowBefore(text: string, open: number, maxWords: number): Window {
  const tokens = lastClause(text.slice(Math.max(0, open - MAX_LOOKBEHIND), open))
    .split(WHITESPACE)
    .map((token) => token.replace(EDGE_PUNCTUATION, ''))
    .filter((token) => token !== '');
  const parts: string[] = [];
  const tokenOf: number[] = [];
  tokens.forEach((token, t) => {
    for (const part of token.split(PART_BREAK)) {
      const bare = part.replace(EDGE_PUNCTUATION, '').toLowerCase();
      if (bare === '') continue;
      parts.push(bare);
      tokenOf.push(t);
    }
  });
  const from = Math.max(0, parts.length - maxWords);
  return { tokens, parts: parts.slice(from), tokenOf: tokenOf.slice(from) };
}

/** The index of a part's first letter, when only digits (or nothing) precede it ("3d" → 1), else -1. */
function initialOf(part: string): number {
  for (let i = 0; i < part.length; i++) {
    const char = part[i] as string;
    if (LETTER.test(char)) return i;
    if (!DIGIT.test(char)) return -1;
  }
  return -1;
}

const IMPOSSIBLE = -1000;

/**
 * Schwartz & Hearst's match of `letters` (lowercase) in the window's parts: each letter in
 * order, the first one starting a part. Their greedy right-to-left scan takes the nearest
 * start that works, which cuts "Proximal Policy Optimization (PPO)" to "Policy Optimization"
 * (the second P matched inside "Optimization"). Here every start that works is scored by how
 * many letters can sit on initials (a small dynamic program over the window's characters),
 * and the best one wins, the nearest on ties: "Proximal" (3 initials) beats "Policy" (1).
 * A stopword only starts a long form inside a hyphenated token ("in-context learning (ICL)").
 * Returns the index of the part the long form starts at, or -1.
 */
function matchLetters(window: Window, letters: readonly string[]): number {
  const { parts, tokenOf, tokens } = window;
  const chars: string[] = [];
  const onInitial: number[] = [];
  const starts: [part: number, char: number][] = [];
  parts.forEach((part, p) => {
    const initial = initialOf(part);
    if (initial >= 0 && part[initial] === letters[0] && (!isStopword(part) || PART_BREAK.test(tokens[tokenOf[p] as number] as string)))
      starts.push([p, chars.length + initial]);
    for (let i = 0; i < part.length; i++) {
      chars.push(part[i] as string);
      onInitial.push(i === initial ? 1 : 0);
    }
  });
  if (starts.length === 0) return -1;
  // best[j * width + c]: the most initials letters j… can sit on, using characters c… only.
  const k = letters.length;
  const width = chars.length + 1;
  const best = new Int16Array((k + 1) * width).fill(IMPOSSIBLE);
  best.fill(0, k * width);
  for (let c = chars.length - 1; c >= 0; c--)
    for (let j = k - 1; j >= 1; j--) {
      const skip = best[j * width + c + 1] as number;
      const take = chars[c] === letters[j] ? (best[(j + 1) * width + c + 1] as number) + (onInitial[c] as number) : IMPOSSIBLE;
      best[j * width + c] = Math.max(skip, take);
    }
  let chosen = -1;
  let chosenScore = 0;
  for (let s = starts.length - 1; s >= 0; s--) {
    const [part, char] = starts[s] as [number, number];
    const score = (best[width + char + 1] as number) + 1;
    if (score > chosenScore) {
      chosen = part;
      chosenScore = score;
    }
  }
  return chosen;
}

/** The strict match for lowercase and capitalized short forms: the letters are the initials of the last parts. */
function matchInitials(window: Window, letters: readonly string[]): number {
  const { parts } = window;
  const start = parts.length - letters.length;
  if (start < 0) return -1;
  return letters.every((letter, i) => {
    const part = parts[start + i] as string;
    return part[initialOf(part)] === letter;
  })
    ? start
    : -1;
}

/** The short form of the parenthesis opening at `open`, or null when it holds none. */
function shortFormAt(text: string, open: number): string | null {
  let i = open + 1;
  while (i < text.length && SPACE.test(text[i] as string)) i++;
  const start = i;
  while (i < text.length && i - start <= MAX_SHORT_FORM && !SHORT_FORM_END.has(text[i] as string) && !SPACE.test(text[i] as string)) i++;
  const shortForm = text.slice(start, i);
  while (i < text.length && SPACE.test(text[i] as string)) i++;
  const next = text[i];
  if (next === ',' || next === ';') {
    const close = text.indexOf(')', i);
    if (close === -1 || close - i > MAX_PARENTHESIS) return null;
  } else if (next !== ')') return null;
  return shortForm;
}

/** The definition of the short form in the parenthesis at `open`, or null. */
function definitionAt(text: string, open: number): AbbreviationDefinition | null {
  const shortForm = shortFormAt(text, open);
  if (shortForm === null || shortForm.length < MIN_SHORT_FORM || shortForm.length > MAX_SHORT_FORM || !SHORT_FORM.test(shortForm)) return null;
  const core = shortForm.replace(PLURAL, '');
  const letters = [...core.toLowerCase()].filter((char) => LETTER.test(char));
  if (letters.length < 2) return null;
  const abbreviation = abbreviationKey(core);
  if (isStopword(abbreviation) || isStopword(shortForm)) return null;
  const strong = CAPITAL.test(core.slice(1));
  if (!strong && ROMAN_NUMERAL.test(abbreviation)) return null;

  const window = windowBefore(text, open, Math.min(shortForm.length + 5, shortForm.length * 2));
  // "MoE models (MoEs)" restates the abbreviation rather than defining it.
  const plain = new Set([abbreviation, abbreviationKey(shortForm)]);
  if (window.tokens.slice(window.tokenOf[0]).some((token) => plain.has(abbreviationKey(token)))) return null;
  const start = strong ? matchLetters(window, letters) : matchInitials(window, letters);
  if (start < 0) return null;

  // The long form starts at the beginning of the token holding its first part: "Multi-modal Large…", not "modal Large…".
  const longWords = window.tokens.slice(window.tokenOf[start]);
  if (plain.has(abbreviationKey(longWords.join('')))) return null;
  const stems: string[] = [];
  for (const word of longWords)
    for (const part of word.split(WORD_SEPARATOR)) {
      const stem = part === '' ? null : processTerm(part);
      if (stem && !stems.includes(stem)) stems.push(stem);
    }
  if (stems.length === 0) return null;
  return { abbreviation, longForm: longWords.join(' '), stems };
}

/** Every abbreviation definition a text holds, in order of appearance (repeats included). */
export function abbreviationDefinitions(text: string): AbbreviationDefinition[] {
  const definitions: AbbreviationDefinition[] = [];
  for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
    const definition = definitionAt(text, open);
    if (definition) definitions.push(definition);
  }
  return definitions;
}
