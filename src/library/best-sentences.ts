import { splitSentences } from './sentences.js';
import { stemWord, WORD_SEPARATOR } from './text-analysis.js';

/**
 * The sentences of an abstract that best show why it matched a search: those holding the
 * most distinct matched terms (stems), kept in their order in the abstract, as many as fit
 * in `maxLength` characters, joined with " … " where sentences were skipped. Without a
 * sentence that matches, the abstract's first sentences.
 */
export function bestSentences(abstract: string, terms: readonly string[], maxLength: number): string {
  const sentences = splitSentences(abstract);
  const wanted = new Set(terms);
  const scored = sentences.map((text, position) => {
    const stems = new Set(text.split(WORD_SEPARATOR).filter(Boolean).map(stemWord));
    return { text, position, score: [...wanted].filter((term) => stems.has(term)).length };
  });
  if (wanted.size === 0 || scored.every((sentence) => sentence.score === 0)) return abstract;
  const chosen: typeof scored = [];
  let length = 0;
  // Best first (earlier ones win ties), while they fit; the first one always.
  for (const sentence of [...scored].filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.position - b.position)) {
    if (chosen.length > 0 && length + sentence.text.length + 3 > maxLength) continue;
    chosen.push(sentence);
    length += sentence.text.length + 3;
  }
  chosen.sort((a, b) => a.position - b.position);
  return chosen
    .map((sentence, i) => {
      const gapBefore = i === 0 ? sentence.position > 0 : sentence.position > (chosen[i - 1] as { position: number }).position + 1;
      return `${gapBefore ? '… ' : ''}${sentence.text}`;
    })
    .join(' ');
}
