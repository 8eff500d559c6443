/** Words after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'al', 'vs', 'etc', 'fig', 'figs', 'eq', 'approx', 'avg', 'resp', 'cf', 'no', 'sec', 'ca', 'incl']);

/**
 * Splits an abstract into sentences. A boundary is ".", "!" or "?" followed by space and a
 * capital, digit, bracket or quote, except after abbreviations ("e.g.", "et al.", "avg.")
 * and decimals ("1.5"). Short fragments stay with their neighbour.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?](?=\s+["'([\p{Lu}\p{N}])/gu)) {
    const end = (match.index ?? 0) + 1;
    const before = text.slice(start, end - 1);
    const lastWord = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
    if (match[0] === '.' && ABBREVIATIONS.has(lastWord.replace(/\.$/, ''))) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence.length >= 12) {
      sentences.push(sentence);
      start = end;
    }
  }
  const rest = text.slice(start).trim();
  if (rest) {
    if (rest.length < 12 && sentences.length > 0) sentences[sentences.length - 1] += ` ${rest}`;
    else sentences.push(rest);
  }
  return sentences;
}
