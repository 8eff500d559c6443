import type { APIApplicationCommandOption } from 'discord.js';
import type { RawOptions } from '../interactions/command.js';

interface ParsedLine {
  command: string;
  options: RawOptions;
}

/** Splits on spaces, keeping "quoted text" together (quotes removed). */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.matchAll(/(?:[^\s"]+|"[^"]*"?)+/g)) tokens.push(match[0].replace(/"/g, ''));
  return tokens;
}

/**
 * Parses a console line such as `/search query:"kv cache" limit:3 sort:newest`. Words that
 * are not `name:value` for a known option form the bare remainder, which fills the first
 * required option (or the first option when none is required): `/search kv cache`.
 * Returns null for a line that is not a command.
 */
export function parseCommandLine(line: string, optionsOf: (command: string) => readonly APIApplicationCommandOption[] | undefined): ParsedLine | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return null;
  const [head = '', ...rest] = tokenize(trimmed.slice(1));
  const command = head.toLowerCase();
  const known = optionsOf(command) ?? [];
  const options: Record<string, string> = {};
  const remainder: string[] = [];
  for (const token of rest) {
    const colon = token.indexOf(':');
    const name = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    if (known.some((option) => option.name === name)) options[name] = token.slice(colon + 1);
    else remainder.push(token);
  }
  if (remainder.length > 0) {
    const target = known.find((option) => option.required && !(option.name in options)) ?? known.find((option) => !(option.name in options));
    if (target) options[target.name] = remainder.join(' ');
  }
  return { command, options };
}
