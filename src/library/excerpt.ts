import { stemWord } from './text-analysis.js';

/**
 * Figures an answer can quote: "52.30%", "3x", "2.8times", "9.90 points", "7% to 34%",
 * "6,711", and plain counts ("18 LCLMs"), but not the digits of names like "Llama-2".
 */
const FIGURE =
  /\d+(?:[.,]\d+)*\s?(?:\\?%|×|x\b|times\b|-?fold\b|points?\b|percentage[- ]points?\b|pp\b|[KMB]\b)|\b\d+\.\d+\b|\b\d{1,3}(?:,\d{3})+\b|(?<![\p{L}\p{N}.-])\d+(?![\p{L}\p{N}.-])/gu;

/** The figures a sentence states, in order. */
export function figuresIn(text: string): string[] {
  return [...text.matchAll(FIGURE)].map((match) => match[0]);
}

export const MAX_EXCERPT = 320;

/**
 * The sentence, or for a long one the window of at most `max` characters around the first
 * figure (or else the first question word), cut at word boundaries and marked with "…".
 */
export function excerpt(sentence: string, stems: readonly string[], figures: readonly string[], max = MAX_EXCERPT): string {
  if (sentence.length <= max) return sentence;
  const figureAt = figures.length > 0 ? sentence.indexOf(figures[0] as string) : -1;
  const wordAt = [...sentence.matchAll(/[\p{L}\p{N}]+/gu)].find((match) => stems.includes(stemWord(match[0])))?.index ?? 0;
  const focus = figureAt >= 0 ? figureAt : wordAt;
  let start = Math.max(0, Math.min(focus - Math.floor(max / 3), sentence.length - max));
  let end = Math.min(sentence.length, start + max);
  if (start > 0) start = sentence.indexOf(' ', start) + 1 || start;
  if (end < sentence.length) end = sentence.lastIndexOf(' ', end) > start ? sentence.lastIndexOf(' ', end) : end;
  return `${start > 0 ? '… ' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? ' …' : ''}`;
}
