/**
 * Makes untrusted text display literally in Discord: markdown is escaped and mentions
 * are broken with a zero-width space, so text from a paper or a user can neither format
 * nor ping. (Replies also set `allowedMentions: { parse: [] }`; this keeps the text honest.)
 * `[` and `<` are escaped so masked links, `<@id>` mentions and `<t:…>` stamps stay inert.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\\*_~`|[\]<>]/g, (char) => `\\${char}`)
    .replace(/^(\s*)([#>-])/gm, '$1\\$2')
    .replace(/@(everyone|here)/gi, '@\u200b$1');
}

/** Text for inline code: backticks removed (they cannot be escaped there), one line, no mentions. */
export function toInlineCode(text: string): string {
  const clean = text.replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return `\`${clean || ' '}\``;
}
