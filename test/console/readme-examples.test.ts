import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startConsole } from '../../src/console/start-console.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEED_NOW, SEEDS_DIR } from '../support/seed-library.js';

/** A console example of a Markdown file: the command line and the file's line number (1-based). */
interface Example {
  line: number;
  command: string;
}

/**
 * The console examples of a Markdown text, by the README's convention: inside fenced code
 * blocks whose info string is `console` (its first word), each line starting with `> /`
 * (indentation allowed) is an example; the command is what follows `> `, without a trailing
 * `← comment`. Other lines of the block (`> next`, output) are not run.
 */
export function consoleExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  let fence: { char: string; length: number; console: boolean } | null = null;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})(.*)$/.exec(text);
    if (fence === null) {
      if (marker) {
        const [, run = '', info = ''] = marker;
        fence = { char: run[0] as string, length: run.length, console: info.trim().split(/\s+/)[0] === 'console' };
      }
      return;
    }
    if (marker && marker[1]?.[0] === fence.char && (marker[1]?.length ?? 0) >= fence.length && marker[2]?.trim() === '') {
      fence = null;
      return;
    }
    const line = text.trimStart();
    if (fence.console && line.startsWith('> /'))
      examples.push({
        line: index + 1,
        command: line
          .slice(2)
          .replace(/\s+←.*$/, '')
          .trim(),
      });
  });
  return examples;
}

/**
 * Why an answer counts as an error, or null when it does not. The first line of the answer
 * (after "(only you can see this)" and a "⏳ still loading" note) decides:
 * - `⚠️ …`: every failure errorReply (src/interactions/error-reply.ts) shows: a UserError such as
 *   the option parser's "Those options don't work: limit: must be …" or "… is not a date I
 *   understand", "No paper matches …", "There is no topic …", and the generic apology
 *   "⚠️ Something went wrong while answering";
 * - `⏳ The paper library is still loading or restarting`: the library could not answer;
 * - `Unknown command /…`: the console's notice for a command that does not exist;
 * - `Type a command starting with /`: the line was not read as a command;
 * - nothing at all.
 */
export function errorIn(answer: string): string | null {
  const lines = answer.split('\n').filter((line) => line.trim() !== '' && line !== '(only you can see this)' && !line.startsWith('⏳ still loading'));
  const first = lines[0];
  if (first === undefined) return 'no answer';
  if (first.startsWith('⚠️')) return first;
  if (first.startsWith('⏳ The paper library is still loading or restarting')) return first;
  if (first.startsWith('Unknown command /')) return first;
  if (first.startsWith('Type a command starting with /')) return first;
  return null;
}

/**
 * Runs the commands in one piped console session (`npm start` without a token) on the seed
 * digest, with a temporary state folder, and returns each command's answer, in order.
 */
async function runSession(commands: readonly string[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'readme-examples-'));
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  try {
    await startConsole(parseConfig({ DIGEST_DIR: SEEDS_DIR }), memoryLogger('warn').log, {
      input: Readable.from([commands.map((command) => `${command}\n`).join('')]),
      output,
      interactive: false,
      stateDir: path.join(dir, 'state'),
      attachmentsDir: path.join(dir, 'files'),
      now: () => SEED_NOW,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // The piped console echoes each line as `> line` before its answer.
  const text = chunks.join('');
  const echoes: { at: number; end: number }[] = [];
  let cursor = 0;
  for (const command of commands) {
    const echo = `\n> ${command}\n`;
    const at = text.indexOf(echo, cursor);
    if (at < 0) throw new Error(`the console did not answer ${command}`);
    echoes.push({ at, end: at + echo.length });
    cursor = at + echo.length;
  }
  return echoes.map(({ end }, i) => text.slice(end, echoes[i + 1]?.at ?? text.length));
}

const README = path.join(path.dirname(new URL(import.meta.url).pathname), '../../README.md');
const examples = consoleExamples(readFileSync(README, 'utf8'));

describe('console examples of README.md', () => {
  let answers: string[] = [];
  beforeAll(async () => {
    if (examples.length > 0) answers = await runSession(examples.map((example) => example.command));
  }, 60_000);

  it('has at least 5 examples (lines starting with `> /` in ```console blocks)', () => {
    expect(examples.length, `README.md has ${examples.length} console examples`).toBeGreaterThanOrEqual(5);
  });

  examples.forEach((example, i) => {
    it(`README.md:${example.line} ${example.command} answers without an error`, () => {
      expect(errorIn(answers[i] ?? ''), `answered:\n${answers[i] ?? ''}`).toBeNull();
    });
  });
});

/** What README.md is to show (the README names these); each must answer sensibly on the seed digest. */
const PROMISED: readonly (readonly [command: string, expected: string])[] = [
  ['/search query:kv cache', '🔎 `kv cache` · 5 papers\n'],
  ['/search kv cache limit:3 sort:newest', '🔎 `kv cache` · 5 papers · page 1 of 2 · newest first'],
  ['/ask question:which paper reduces KV cache memory at long context?', '■ From the digest\n  “During inference, LongGen reduces KV cache memory by 62%'],
  ['/stats since:6 months', '📊 All papers since 28 May 2026'],
  ['/topic name:video', '📚 Video and multimodal · 17 papers, newest first'],
  ['/latest', '🆕 The 5 newest papers of 58'],
  ['/paper 2604.24715', '■ Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling'],
  ['/paper title:2512.09238', '■ Training-free Context-adaptive Attention for Efficient Long Context Modeling'],
  ['/saved', '🔖 Your list is empty.'],
  ['/help', '■ Paper digest bot'],
];

describe('the examples README.md promises', () => {
  let answers: string[] = [];
  beforeAll(async () => {
    answers = await runSession(PROMISED.map(([command]) => command));
  }, 60_000);

  PROMISED.forEach(([command, expected], i) => {
    it(`${command} answers on the seed digest`, () => {
      expect(errorIn(answers[i] ?? ''), `answered:\n${answers[i] ?? ''}`).toBeNull();
      expect(answers[i]).toContain(expected);
    });
  });
});

describe('consoleExamples and errorIn', () => {
  it('take the `> /` lines of console blocks only, with their line numbers', () => {
    const markdown = [
      '# Title',
      '> /not in a block',
      '```console',
      '> /search kv cache',
      '> next            ← presses Next',
      '  > /latest 3     ← the three newest',
      '```',
      '```',
      '> /plain block',
      '```',
      '~~~~ console extra',
      '> /help',
      '~~~',
      '> /still inside: the fence was four tildes',
      '~~~~',
    ].join('\n');
    expect(consoleExamples(markdown)).toEqual([
      { line: 4, command: '/search kv cache' },
      { line: 6, command: '/latest 3' },
      { line: 12, command: '/help' },
      { line: 14, command: '/still inside: the fence was four tildes' },
    ]);
  });

  it('call validation errors, unknown commands and the apology errors, and answers not', () => {
    expect(errorIn("(only you can see this)\n⚠️ Those options don't work: limit: must be a number.")).not.toBeNull();
    expect(errorIn('(only you can see this)\n⚠️ `6` is not a date I understand. Try 2025-01-01, Jan 2025, 2024 or 6 months.')).not.toBeNull();
    expect(errorIn('(only you can see this)\n⚠️ Something went wrong while answering. It has been logged; please try again.')).not.toBeNull();
    expect(errorIn('(only you can see this)\nUnknown command /nope. Commands: /search')).not.toBeNull();
    expect(errorIn('(only you can see this)\n⏳ The paper library is still loading or restarting. Please try again in a few seconds.')).not.toBeNull();
    expect(errorIn('\n')).not.toBeNull();
    expect(errorIn('⏳ still loading: 10 of 58 papers so far\n🔎 `kv cache` · 5 papers')).toBeNull();
    expect(errorIn('(only you can see this)\n🔖 Your list is empty.')).toBeNull();
  });
});
