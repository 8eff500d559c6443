import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseCommandLine } from '../../src/console/parse-command-line.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';

const registry = new CommandRegistry(commands);
const optionsOf = (name: string) => {
  const data = registry.get(name)?.data;
  return data && 'options' in data ? data.options : undefined;
};
const parse = (line: string) => parseCommandLine(line, optionsOf);

/** Slash commands with options, each with its option names and the one bare text fills. */
const COMMANDS = registry
  .all()
  .map((command) => ({ name: command.data.name, options: (optionsOf(command.data.name) ?? []).map((option) => ({ ...option })) }))
  .filter((command) => command.options.length > 0)
  .map((command) => ({
    name: command.name,
    names: command.options.map((option) => option.name),
    positional: (command.options.find((option) => option.required) ?? command.options[0])?.name as string,
  }));

/** Whitespace normalised as the parser documents for values without quotes: trimmed, runs made one space. */
const normalise = (value: string) => value.trim().replace(/\s+/gu, ' ');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Text where a `name:` of these options would start a new option (after whitespace). */
const optionStartIn = (names: readonly string[]) => new RegExp(`\\s(?:${names.map(escapeRegExp).join('|')}):`, 'iu');

/** Printable text, with the characters and words the parser reacts to over-represented. */
const textUnit = (names: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\t', '\u00a0') },
    { weight: 2, arbitrary: fc.constantFrom(':', 'arXiv:2401.00001', 'note:', 'http://x.y/z', ...names, ...names.map((name) => `${name}:`)) },
  );

describe('parseCommandLine: examples', () => {
  it('takes everything up to the next known option as the value, as Discord does', () => {
    expect(parse('/ask question:which paper reduces KV cache memory at long context?')).toEqual({
      command: 'ask',
      options: { question: 'which paper reduces KV cache memory at long context?' },
    });
    expect(parse('/search query:kv cache')).toEqual({ command: 'search', options: { query: 'kv cache' } });
    expect(parse('/stats since:6 months')).toEqual({ command: 'stats', options: { since: '6 months' } });
    expect(parse('/search query:kv cache limit:3 sort:newest')).toEqual({ command: 'search', options: { query: 'kv cache', limit: '3', sort: 'newest' } });
  });

  it('fills the first required option with the text before the first option', () => {
    expect(parse('/search kv cache')).toEqual({ command: 'search', options: { query: 'kv cache' } });
    expect(parse('/search kv cache limit:3')).toEqual({ command: 'search', options: { query: 'kv cache', limit: '3' } });
    expect(parse('/search kv cache limit:3 sort:newest')).toEqual({ command: 'search', options: { query: 'kv cache', limit: '3', sort: 'newest' } });
    expect(parse('/search sparse attention since:2025')).toEqual({ command: 'search', options: { query: 'sparse attention', since: '2025' } });
    // No required option: the first one.
    expect(parse('/latest 3')).toEqual({ command: 'latest', options: { count: '3' } });
    // Bare text with no option left to fill, or a command without options: ignored.
    expect(parse('/help me')).toEqual({ command: 'help', options: {} });
  });

  it('keeps unknown name:value words as plain text', () => {
    expect(parse('/ask question:what is arXiv:2401.00001 about')).toEqual({ command: 'ask', options: { question: 'what is arXiv:2401.00001 about' } });
    expect(parse('/SEARCH note: colons stay')).toEqual({ command: 'search', options: { query: 'note: colons stay' } });
    // A known name counts only at a word start: right after a colon it is text.
    expect(parse('/search query:limit:3')).toEqual({ command: 'search', options: { query: 'limit:3' } });
  });

  it('reads names in any case, a space after the colon, and empty values as not given', () => {
    expect(parse('/Search QUERY: kv cache Limit:3')).toEqual({ command: 'search', options: { query: 'kv cache', limit: '3' } });
    expect(parse('/search query: limit:3')).toEqual({ command: 'search', options: { limit: '3' } });
    expect(parse('/search query:""')).toEqual({ command: 'search', options: {} });
    expect(parse('/search query:a query:b')).toEqual({ command: 'search', options: { query: 'b' } });
  });

  it('takes quotes as optional: a value wrapped in quotes is read literally', () => {
    expect(parse('/search query:"kv cache" limit:3 sort:newest')).toEqual({ command: 'search', options: { query: 'kv cache', limit: '3', sort: 'newest' } });
    expect(parse('/search query:"limit:3 tricks" limit:2')).toEqual({ command: 'search', options: { query: 'limit:3 tricks', limit: '2' } });
    expect(parse('/search "sort:newest  is text" limit:2')).toEqual({ command: 'search', options: { query: 'sort:newest  is text', limit: '2' } });
    // Quotes that do not wrap the whole value stay, and do not hide what follows them.
    expect(parse('/search query:the "best" kv limit:3')).toEqual({ command: 'search', options: { query: 'the "best" kv', limit: '3' } });
    expect(parse('/search query:5" screens limit:3')).toEqual({ command: 'search', options: { query: '5" screens', limit: '3' } });
  });

  it('is null for a line that is not a command', () => {
    expect(parse('next')).toBeNull();
    expect(parse('  ')).toBeNull();
  });
});

describe('parseCommandLine: properties', () => {
  it('reads back the values a line was built from, whitespace normalised (property)', () => {
    const arbitrary = fc.constantFrom(...COMMANDS).chain((command) => {
      const forbidden = optionStartIn(command.names);
      const value = fc
        .string({ unit: textUnit(command.names), maxLength: 12 })
        // Without quotes, a value cannot hold `"` (a wrapped value loses its quotes) nor a known ` name:`.
        .filter((text) => !text.includes('"') && !forbidden.test(text));
      return fc.record({
        command: fc.constant(command),
        chosen: fc.shuffledSubarray(command.names).chain((names) => fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), value, fc.boolean())))),
        positional: fc.boolean(),
        upperCommand: fc.boolean(),
      });
    });
    fc.assert(
      fc.property(arbitrary, ({ command, chosen, positional, upperCommand }) => {
        const bare = chosen.find(([name, value]) => {
          const text = normalise(value);
          // Bare text cannot start with `name:` or be empty, or it would not be bare.
          return positional && name === command.positional && text !== '' && !new RegExp(`^(?:${command.names.join('|')}):`, 'iu').test(text);
        });
        const named = chosen.filter((entry) => entry !== bare);
        const line = [
          `/${upperCommand ? command.name.toUpperCase() : command.name}`,
          ...(bare ? [bare[1]] : []),
          ...named.map(([name, value, upper]) => `${upper ? name.toUpperCase() : name}:${value}`),
        ].join(' ');
        const expected = Object.fromEntries(chosen.map(([name, value]) => [name, normalise(value)]).filter(([, value]) => value !== ''));
        expect(parse(line)).toEqual({ command: command.name, options: expected });
      }),
      { numRuns: 600 },
    );
  });

  it('reads a quoted value exactly, whatever it holds besides quotes (property)', () => {
    const arbitrary = fc.constantFrom(...COMMANDS).chain((command) =>
      fc.record({
        command: fc.constant(command),
        chosen: fc.shuffledSubarray(command.names, { minLength: 1 }).chain((names) =>
          fc.tuple(
            ...names.map((name) =>
              fc.tuple(
                fc.constant(name),
                fc.string({ unit: textUnit(command.names), maxLength: 12 }).map((text) => text.replace(/"/g, '')),
              ),
            ),
          ),
        ),
        spaces: fc.constantFrom(' ', '  ', ' \t '),
      }),
    );
    fc.assert(
      fc.property(arbitrary, ({ command, chosen, spaces }) => {
        const line = `/${command.name}${spaces}${chosen.map(([name, value]) => `${name}:"${value}"`).join(spaces)}${spaces}`;
        const expected = Object.fromEntries(chosen.filter(([, value]) => value !== ''));
        expect(parse(line)).toEqual({ command: command.name, options: expected });
      }),
      { numRuns: 600 },
    );
  });

  it('never throws, and only sets options the command has, whatever the line (property)', () => {
    const names = [...new Set(COMMANDS.flatMap((command) => command.names))];
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .tuple(
          fc.constantFrom('/', '', ' /', '/ '),
          fc.constantFrom(...COMMANDS.map((command) => command.name), 'nope', ''),
          fc.string({ unit: fc.oneof(textUnit(names), fc.constantFrom('"', '""', ' "', '" ')), maxLength: 40 }),
        )
        .map(([slash, command, rest]) => `${slash}${command} ${rest}`),
    );
    fc.assert(
      fc.property(line, (text) => {
        const parsed = parse(text);
        if (parsed === null) return;
        const known = (optionsOf(parsed.command) ?? []).map((option) => option.name);
        for (const [name, value] of Object.entries(parsed.options)) {
          expect(known).toContain(name);
          expect(typeof value === 'string' && value.length > 0).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
