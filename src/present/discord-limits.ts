/** Discord's message and embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedsPerMessage: 10,
  /** All titles, descriptions, field names and values, footers and author names of a message. */
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  componentsPerRow: 5,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  attachmentsPerMessage: 10,
  /** The upload limit of a server without boosts. */
  attachmentBytes: 10 * 1024 * 1024,
} as const;

const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, preferring to end at a sentence, then at a
 * word; adds an ellipsis when it cut. Never splits a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return ELLIPSIS;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  if (sentenceEnd >= max * 0.5) return `${cut.slice(0, sentenceEnd + 1)} ${ELLIPSIS}`.slice(0, max);
  const wordEnd = cut.lastIndexOf(' ');
  if (wordEnd >= max * 0.5) return `${cut.slice(0, wordEnd)}${ELLIPSIS}`;
  return `${cut}${ELLIPSIS}`;
}
