export const MAX_QUERY_LENGTH = 200;

/**
 * The query as the search runs it and the reply shows it: one line, no backticks (they
 * would end the inline code it is shown in), no control characters, at most 200 characters.
 */
export function normalizeQuery(raw: string): string {
  return raw
    .replace(/[`\u0000-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY_LENGTH)
    .trim();
}
