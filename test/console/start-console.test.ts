import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { startConsole } from '../../src/console/start-console.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR } from '../support/seed-library.js';

/** One console session as `npm start` runs it without a token, on the seed digest, with its state and files in `dir`. */
async function session(dir: string, lines: readonly string[], interactive = false): Promise<string> {
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await startConsole(parseConfig({ DIGEST_DIR: SEEDS_DIR }), memoryLogger('warn').log, {
    input: Readable.from([lines.map((line) => `${line}\n`).join('')]),
    output,
    interactive,
    stateDir: path.join(dir, 'state'),
    attachmentsDir: path.join(dir, 'files'),
  });
  return chunks.join('');
}

/** The answer to `line` in a piped session's transcript (each line is echoed as `> line`). */
function answerTo(text: string, line: string, occurrence = 1): string {
  const parts = text.split(`\n> ${line}\n`);
  const answer = parts[occurrence];
  if (answer === undefined) throw new Error(`no answer to ${line}`);
  return answer.split('\n> ')[0] as string;
}

describe('startConsole', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'console-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps saved papers in its state folder: Save button, /saved, export, and again in the next session', async () => {
    const text = await session(dir, ['/saved', '/paper 2604.24715', 'save', '/saved', '/saved export:markdown']);
    expect(text).toContain(
      `Console state (saved papers, search memos) is kept in ${path.join(dir, 'state')}; files of replies (charts, exports) are saved in ${path.join(dir, 'files')}`,
    );
    expect(answerTo(text, '/saved')).toContain('🔖 Your list is empty.');
    expect(answerTo(text, 'save')).toContain('🔖 Saved Long-Context Aware Upcycling: A New Frontier for Hybrid LLM Scaling (1 in your list).');
    const list = answerTo(text, '/saved', 2);
    expect(list).toContain('🔖 Your saved papers · 1 · newest saved first');
    expect(list).toContain('■ [1] Long-Context Aware Upcycling');
    expect(list).toContain('[Remove 1]');
    expect(text).not.toContain('cannot reach its database');
    const [exported] = await readdir(path.join(dir, 'files'));
    expect(answerTo(text, '/saved export:markdown')).toContain(`📎 saved ${path.join(dir, 'files', exported as string)}`);
    expect(await readFile(path.join(dir, 'files', exported as string), 'utf8')).toContain('Long-Context Aware Upcycling');

    // A new console on the same folder remembers the list; the Remove button empties it.
    const next = await session(dir, ['/saved', 'remove 1', '/saved']);
    expect(answerTo(next, '/saved')).toContain('🔖 Your saved papers · 1');
    expect(answerTo(next, 'remove 1')).toContain('Removed Long-Context Aware Upcycling');
    expect(answerTo(next, '/saved', 2)).toContain('🔖 Your list is empty.');
  });

  it('at a terminal, says it is loading and shows the first prompt only when the digest is ready', async () => {
    const text = await session(dir, ['/latest 1'], true);
    const loading = text.indexOf(`Loading the digest from ${SEEDS_DIR}…`);
    const ready = text.indexOf('Ready: 58 papers. Try: ');
    const prompt = text.indexOf('\n> ');
    expect(loading).toBeGreaterThan(0);
    expect(ready).toBeGreaterThan(loading);
    expect(prompt).toBeGreaterThan(ready);
    // Ready before the first answer, so it carries no loading note.
    expect(text).toContain('\n> 🆕 The newest paper of 58');
    expect(text).not.toContain('still loading');
  });
});
