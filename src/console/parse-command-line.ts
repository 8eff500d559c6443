import type { APIApplicationCommandOption } from 'discord.js';
import type { RawOptions } from '../interactions/command.js';

interface ParsedLine {
  command: string;
  options: RawOptions;
}

/** `name:` at a word start; the name is checked against the command's options afterwards. */
const OPTION_START = /([\p{L}\p{N}_-]+):/uy;
const SPACE = /\s/u;

const isSpace = (char: string | undefined) => char !== undefined && SPACE.test(char);

/**
 * Where the quoted text opening at `start` (a `"`) closes: the next `"` followed by
 * whitespace or the end of the text, or -1 when there is none (the `"` is then literal).
 */
function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '"' && (i + 1 === text.length || isSpace(text[i + 1]))) return i;
  }
  return -1;
}

/**
 * A value as typed, cleaned: a value wrapped whole in one pair of quotes is the text between
 * them, exactly; any other value is trimmed, with each run of whitespace made one space.
 */
function cleanValue(raw: string): string {
  const value = raw.trim();
  if (value.startsWith('"') && value.length >= 2 && closingQuote(value, 0) === value.length - 1) return value.slice(1, -1);
  return value.replace(/\s+/gu, ' ');
}

interface OptionAt {
  name: string;
  /** Where `name:` starts. */
  start: number;
  /** Just after the colon. */
  valueStart: number;
}

/**
 * The known `name:` tokens of `text`, in order. A token counts at a word start (the start of
 * the text or after whitespace) and not inside quoted text: a `"` at a word start (or just
 * after a name's colon) opens a quote that runs to the next `"` followed by whitespace or the
 * end of the line; a `"` with no such closing is an ordinary character.
 */
function findOptions(text: string, known: ReadonlySet<string>): OptionAt[] {
  const found: OptionAt[] = [];
  let valueStart = -1;
  for (let i = 0; i < text.length; i++) {
    const wordStart = i === 0 || isSpace(text[i - 1]);
    if (!wordStart && i !== valueStart) continue;
    if (text[i] === '"') {
      const end = closingQuote(text, i);
      if (end >= 0) i = end;
      continue;
    }
    if (!wordStart) continue;
    OPTION_START.lastIndex = i;
    const match = OPTION_START.exec(text);
    const name = match?.[1]?.toLowerCase();
    if (match && name !== undefined && known.has(name)) {
      valueStart = i + match[0].length;
      found.push({ name, start: i, valueStart });
      i = valueStart - 1;
    }
  }
  return found;
}

/**
 * Parses a console line the way Discord reads a slash command: `/search kv cache limit:3`.
 *
 * - The command is the first word after `/` (any case).
 * - `name:value` sets an option when `name` is one of the command's options (any case). The
 *   value is everything up to the next such `name:` at a word start, or the end of the line:
 *   `/ask question:which paper reduces KV cache?` asks the whole question. Other `word:text`
 *   (`arXiv:2401.00001`, `note:`) is plain text.
 * - Quotes are optional. A value wrapped whole in `"…"` is the text between the quotes,
 *   exactly as typed, and may contain `name:` text: `query:"limit: 3 tricks" limit:2`.
 * - Other values are trimmed and each run of whitespace becomes one space; an empty value
 *   (`query:` or `query:""`) is left out, as Discord sends no empty options. An option given
 *   twice takes its last non-empty value.
 * - Text before the first option is positional: it fills the first required option not set by
 *   name (or, when none is left, the first option not set): `/search kv cache limit:3` is
 *   query "kv cache", limit "3". Without such an option it is ignored.
 *
 * Returns null for a line that is not a command (it does not start with `/`). Never throws.
 */
export function parseCommandLine(line: string, optionsOf: (command: string) => readonly APIApplicationCommandOption[] | undefined): ParsedLine | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/')) return null;
  const body = trimmed.slice(1);
  const headEnd = body.search(/\s/u);
  const command = (headEnd < 0 ? body : body.slice(0, headEnd)).toLowerCase();
  const rest = headEnd < 0 ? '' : body.slice(headEnd);
  const known = optionsOf(command) ?? [];
  const found = findOptions(rest, new Set(known.map((option) => option.name.toLowerCase())));
  const options: Record<string, string> = {};
  found.forEach((option, i) => {
    const value = cleanValue(rest.slice(option.valueStart, found[i + 1]?.start ?? rest.length));
    const name = known.find((candidate) => candidate.name.toLowerCase() === option.name)?.name ?? option.name;
    if (value !== '') options[name] = value;
  });
  const positional = cleanValue(rest.slice(0, found[0]?.start ?? rest.length));
  if (positional !== '') {
    const target = known.find((option) => option.required && !(option.name in options)) ?? known.find((option) => !(option.name in options));
    if (target) options[target.name] = positional;
  }
  return { command, options };
}
