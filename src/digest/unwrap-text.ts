/**
 * After a hyphen at a line-wrap, these words (or an opening bracket) show a suspended hyphen
 * that keeps its space: "open- and closed-source", "complex- (CISC) and reduced- (RISC)".
 */
const SUSPENDED_HYPHEN_NEXT = /^(?:(?:and|or|nor|to|vs|versus)(?![\p{L}\p{N}])|&|\()/iu;
const LINE_BREAK = /[\n\r]/;

/**
 * Turns text with hard line-wraps into one clean line: every run of whitespace becomes one
 * space, and the ends are trimmed. Until late 2025 arXiv titles and abstracts reached
 * Hugging Face wrapped at about 80 columns (`"...Multimodal\n  Models"`), and arXiv wraps
 * at spaces, so a wrap is a space. The exception is a hyphen glued to a word at the end of
 * a line: the real abstracts break `high-\nresolution` and `pre-\ntrained` inside a word
 * (joined here without a space), and also suspended hyphens such as `open-\nand
 * closed-source` (the space stays, see SUSPENDED_HYPHEN_NEXT). A free-standing dash
 * (`models -\nyields`, `RLHF --\nvalue`) keeps its space. Only whitespace is ever removed
 * or replaced: the non-whitespace characters stay exactly as they were.
 */
export function unwrapText(text: string): string {
  const parts = text.split(/(\s+)/);
  // Joined once at the end: `+=` word by word would keep a rope of hundreds of small
  // strings per abstract until something flattened it (17 MB of them on the real digest).
  const out: string[] = [];
  let previous = '';
  for (let i = 0; i < parts.length; i += 2) {
    const word = parts[i] as string;
    if (word === '') continue;
    if (previous !== '' && !(LINE_BREAK.test(parts[i - 1] as string) && endsWithGluedHyphen(previous) && !SUSPENDED_HYPHEN_NEXT.test(word))) out.push(' ');
    out.push(word);
    previous = word;
  }
  return out.join('');
}

/** `high-` or `10--` (a hyphen after a word), not a free-standing `-` or `--`. */
function endsWithGluedHyphen(word: string): boolean {
  return word.endsWith('-') && /[^-]/.test(word);
}
