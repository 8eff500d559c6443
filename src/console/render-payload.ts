import { ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { ReplyPayload } from '../present/reply-payload.js';

/** Markdown as plain text: escapes and bold markers removed. */
function plain(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');
}

const WIDTH = 96;
/** Lines of an embed description shown per paragraph: the console shows the start of long texts; Discord gets them whole. */
const DESCRIPTION_LINES = 4;
const MARKDOWN_LINK = /\[([^\]]+)\]\(([^)]+)\)/g;

function renderEmbed(embed: APIEmbed): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(`■ ${plain(embed.title)}`);
  if (embed.url) lines.push(`  ${embed.url}`);
  if (embed.description) lines.push(...wrapText(plain(embed.description), WIDTH, DESCRIPTION_LINES).map((line) => `  ${line}`));
  lines.push(...renderFields(embed.fields ?? []).map((line) => `  ${line}`));
  if (embed.footer?.text) lines.push(`  — ${embed.footer.text}`);
  return lines;
}

/**
 * Fields as Discord lays them out: a run of inline fields side by side on one line
 * (`Published: … | Upvotes: …`), every other field on lines of its own, its value's lines kept.
 */
function renderFields(fields: readonly APIEmbedField[]): string[] {
  const lines: string[] = [];
  let inline: string[] = [];
  const flush = () => {
    if (inline.length > 0) lines.push(inline.join(' | '));
    inline = [];
  };
  for (const field of fields) {
    const name = plain(field.name);
    const value = plain(field.value).replace(MARKDOWN_LINK, '$2');
    if (field.inline) {
      inline.push(`${name}: ${value.replace(/\s*\n\s*/g, ' ')}`);
      continue;
    }
    flush();
    const [first = '', ...more] = value.split('\n');
    lines.push(...wrapLine(`${name}: ${first}`, WIDTH, '    '), ...more.flatMap((line) => wrapLine(`    ${line.trim()}`, WIDTH)));
  }
  flush();
  return lines;
}

/**
 * Words of one line in lines of at most `width` (a longer word gets a line of its own).
 * Continuation lines start with `indent`, the line's own indent and, under a list item
 * (`1. `, `- `), spaces as wide as its marker.
 */
function wrapLine(line: string, width: number, indent = ''): string[] {
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  const marker = /^(?:\d+\.|[-*•])\s+/.exec(line.slice(lead.length))?.[0] ?? '';
  const hanging = `${indent}${lead}${' '.repeat(marker.length)}`;
  const words = line.slice(lead.length).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [''];
  const lines: string[] = [];
  let current = lead;
  for (const word of words) {
    if (current.trim() && current.length + word.length + 1 > width) {
      lines.push(current);
      current = `${hanging}${word}`;
    } else current = current.trim() ? `${current} ${word}` : `${current}${word}`;
  }
  lines.push(current);
  return lines;
}

/**
 * A text's lines, each wrapped on its own, so line breaks (lists, paragraphs) stay. Lines
 * inside ``` code blocks are kept as they are (a BibTeX entry must stay copyable). With
 * `maxPerLine`, each line shows at most that many wrapped lines, the last ending in " …".
 */
function wrapText(text: string, width: number = WIDTH, maxPerLine?: number): string[] {
  const lines: string[] = [];
  let inCode = false;
  for (const line of text.split(/\r?\n/)) {
    if (line.trimStart().startsWith('```')) {
      inCode = !inCode;
      lines.push(line);
    } else if (inCode) lines.push(line);
    else {
      const wrapped = wrapLine(line, width);
      lines.push(...(maxPerLine === undefined ? wrapped : clip(wrapped, maxPerLine)));
    }
  }
  return lines;
}

/**
 * A reply as readable text: content, then each embed's title, link, text, fields and footer,
 * then where its files were saved (`savedFiles`, in the order of `payload.files`), then buttons.
 */
export function renderPayload(payload: ReplyPayload, savedFiles: readonly string[] = []): string {
  const lines: string[] = [];
  if (payload.ephemeral) lines.push('(only you can see this)');
  if (payload.content) lines.push(...wrapText(plain(payload.content)));
  for (const embed of payload.embeds) lines.push('', ...renderEmbed(embed));
  if (savedFiles.length > 0) lines.push('', ...savedFiles.map((file) => `📎 saved ${file}`));
  const buttons = payload.components.flatMap((row) => row.components).filter((component) => component.type === ComponentType.Button);
  if (buttons.length > 0) {
    const labels = buttons.map((button) => ('label' in button ? `[${button.label}${button.disabled ? ' (disabled)' : ''}]` : '[button]'));
    lines.push('', `${labels.join(' ')}  ← type the label to press, e.g. "next"`);
  }
  return lines.join('\n');
}

function clip(lines: string[], max: number): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max - 1), `${lines[max - 1]} …`];
}
