import { stemWord } from '../library/text-analysis.js';
import { escapeText } from './markdown.js';

/**
 * Escapes text for Discord and puts in bold every word whose stem is one of `terms`
 * (the stemmed index terms a search matched), so "caching" is bold for the query "cache".
 */
export function highlight(text: string, terms: readonly string[]): string {
  if (terms.length === 0) return escapeText(text);
  const wanted = new Set(terms);
  return text
    .split(/([\p{L}\p{N}]+)/u)
    .map((piece, index) => (index % 2 === 1 && wanted.has(stemWord(piece)) ? `**${escapeText(piece)}**` : escapeText(piece)))
    .join('')
    .replace(/\*\*(\s*)\*\*/g, '$1'); // join runs of bold words: "**kv** **cache**" → "**kv cache**"
}
