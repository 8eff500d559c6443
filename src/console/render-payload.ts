import { ComponentType, type APIEmbed } from 'discord.js';
import type { ReplyPayload } from '../present/reply-payload.js';

/** Markdown as plain text: escapes and bold markers removed. */
function plain(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');
}

function renderEmbed(embed: APIEmbed): string[] {
  const lines: string[] = [];
  if (embed.title) lines.push(`■ ${plain(embed.title)}`);
  if (embed.url) lines.push(`  ${embed.url}`);
  if (embed.description) lines.push(...clip(wrap(plain(embed.description), 96), 4).map((line) => `  ${line}`));
  const fields = (embed.fields ?? []).map((field) => `${plain(field.name)}: ${plain(field.value).replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$2')}`);
  if (fields.length > 0) lines.push(`  ${fields.join(' | ')}`);
  if (embed.footer?.text) lines.push(`  — ${embed.footer.text}`);
  return lines;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + word.length + 1 > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * A reply as readable text: content, then each embed's title, link, text, fields and footer,
 * then where its files were saved (`savedFiles`, in the order of `payload.files`), then buttons.
 */
export function renderPayload(payload: ReplyPayload, savedFiles: readonly string[] = []): string {
  const lines: string[] = [];
  if (payload.ephemeral) lines.push('(only you can see this)');
  if (payload.content) lines.push(plain(payload.content));
  for (const embed of payload.embeds) lines.push('', ...renderEmbed(embed));
  if (savedFiles.length > 0) lines.push('', ...savedFiles.map((file) => `📎 saved ${file}`));
  const buttons = payload.components.flatMap((row) => row.components).filter((component) => component.type === ComponentType.Button);
  if (buttons.length > 0) {
    const labels = buttons.map((button) => ('label' in button ? `[${button.label}${button.disabled ? ' (disabled)' : ''}]` : '[button]'));
    lines.push('', `${labels.join(' ')}  ← type the label to press, e.g. "next"`);
  }
  return lines.join('\n');
}

/** The console shows the start of long texts; Discord gets them whole. */
function clip(lines: string[], max: number): string[] {
  return lines.length <= max ? lines : [...lines.slice(0, max - 1), `${lines[max - 1]} …`];
}
