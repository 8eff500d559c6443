import { stemWord } from './text-analysis.js';

const MAX_EXCERPT = 320;

/**
 * The sentence, or for a long one the window of at most `max` characters around `focus`
 * (the character index of the figure it answers with), or else around the first question
 * word, cut at word boundaries and marked with "…". The focus stays inside the window.
 */
export function excerpt(sentence: string, stems: readonly string[], focus: number | null = null, max = MAX_EXCERPT): string {
  if (sentence.length <= max) return sentence;
  const wordAt = [...sentence.matchAll(/[\p{L}\p{N}]+/gu)].find((match) => stems.includes(stemWord(match[0])))?.index ?? 0;
  const at = focus ?? wordAt;
  let start = Math.max(0, Math.min(at - Math.floor(max / 3), sentence.length - max));
  let end = Math.min(sentence.length, start + max);
  if (start > 0) start = sentence.indexOf(' ', start) + 1 || start;
  if (end < sentence.length) end = sentence.lastIndexOf(' ', end) > start ? sentence.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '… ' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? ' …' : ''}`;
}
