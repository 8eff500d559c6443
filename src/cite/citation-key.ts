import type { Paper } from '../digest/paper.js';
import { paperYear } from './paper-year.js';
import { splitName } from './person-name.js';

/** Words skipped when picking a title word: articles, prepositions, conjunctions, copulas. */
const MINOR_WORDS = new Set(
  'a an the and or but nor of on in at to for from by with without via into onto over under about as is are be do does can vs versus toward towards'.split(' '),
);

/** Letters NFKD leaves whole (it already turns `ü` into `u`): `Łukasz` → `lukasz`, `Søren` → `soren`. */
const LETTERS_NFKD_MISSES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

function foldAscii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => LETTERS_NFKD_MISSES[letter] ?? '');
}

/**
 * The title's words worth a key: ASCII-folded, lowercase, split at anything but letters
 * and digits, starting with a letter (so `3D` never runs into the year), minor words skipped.
 */
function significantTitleWords(title: string): string[] {
  return foldAscii(title)
    .split(/[^a-z0-9]+/)
    .filter((word) => /^[a-z]/.test(word) && !MINOR_WORDS.has(word));
}

/**
 * The first author's family name for a key, letters only: particles and suffixes are
 * dropped (`Hendrik van der Berg` and `Hendrik Van der Berg` both → `berg`, whichever way
 * the particle is capitalised), a compound family keeps all its letters (`Smith-Jones` →
 * `smithjones`), and a literal (group) name gives its first word. Empty when no letter
 * survives ASCII folding.
 */
function familyForKey(authors: readonly string[] | null): string {
  for (const author of authors ?? []) {
    const name = splitName(author);
    if (name === null) continue;
    const family = name.literal ? (name.family.split(' ')[0] ?? '') : name.family;
    return foldAscii(family).replace(/[^a-z]/g, '');
  }
  return '';
}

/**
 * A BibTeX key like `liu2024world`: the first author's family name, the year (`nd` when
 * unknown, see `paperYear`) and the first significant title word. Without a usable author
 * name, the first two significant title words lead instead (`worldmodel2024`); with no
 * usable word either, `paper`. Keys use only `a-z0-9`.
 */
export function citationKey(paper: Pick<Paper, 'authors' | 'title' | 'publishedAt' | 'arxivId'>): string {
  const words = significantTitleWords(paper.title);
  const year = paperYear(paper) ?? 'nd';
  const family = familyForKey(paper.authors);
  if (family !== '') return `${family}${year}${words[0] ?? ''}`;
  const lead = words.slice(0, 2).join('');
  return `${lead || 'paper'}${year}`;
}

/** `a`…`z`, then `aa`, `ab`…: the n-th collision suffix. */
function collisionSuffix(n: number): string {
  let suffix = '';
  for (let rest = n + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) suffix = String.fromCharCode(97 + ((rest - 1) % 26)) + suffix;
  return suffix;
}

/**
 * One key per paper, unique within the list: the first paper with a key keeps it, later
 * ones get `a`, `b`, … `z`, `aa` … appended, in input order, skipping any key already taken
 * (so a suffixed key never clashes with another paper's plain one). Earlier papers' keys do
 * not change when papers are appended.
 */
export function citationKeys(papers: readonly Pick<Paper, 'authors' | 'title' | 'publishedAt' | 'arxivId'>[]): string[] {
  const taken = new Set<string>();
  const nextSuffix = new Map<string, number>();
  return papers.map((paper) => {
    const base = citationKey(paper);
    let key = base;
    let n = nextSuffix.get(base) ?? 0;
    while (taken.has(key)) key = base + collisionSuffix(n++);
    nextSuffix.set(base, n);
    taken.add(key);
    return key;
  });
}
