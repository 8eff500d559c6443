import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { parseCommandLine, tokenize } from '../../src/console/parse-command-line.js';
import { runConsole } from '../../src/console/run-console.js';
import { saveAttachments } from '../../src/console/save-attachments.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { memoryLogger } from '../support/memory-log.js';
import { startLibraryWorker } from '../support/seed-library.js';

const registry = new CommandRegistry(commands);
const optionsOf = (name: string) => {
  const data = registry.get(name)?.data;
  return data && 'options' in data ? data.options : undefined;
};

describe('parseCommandLine', () => {
  it('reads name:value options, quoted values and a bare remainder', () => {
    expect(parseCommandLine('/search kv cache', optionsOf)).toEqual({ command: 'search', options: { query: 'kv cache' } });
    expect(parseCommandLine('/search query:"kv cache" limit:3 sort:newest', optionsOf)).toEqual({
      command: 'search',
      options: { query: 'kv cache', limit: '3', sort: 'newest' },
    });
    expect(parseCommandLine('/search sparse attention since:2025', optionsOf)).toEqual({
      command: 'search',
      options: { query: 'sparse attention', since: '2025' },
    });
    expect(parseCommandLine('/latest 3', optionsOf)).toEqual({ command: 'latest', options: { count: '3' } });
    expect(parseCommandLine('/SEARCH note: colons stay', optionsOf)).toEqual({ command: 'search', options: { query: 'note: colons stay' } });
    expect(parseCommandLine('next', optionsOf)).toBeNull();
  });

  it('never throws, whatever the line (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (line) => {
        parseCommandLine(`/${line}`, optionsOf);
        expect(tokenize(line).join(' ').length).toBeLessThanOrEqual(line.length);
      }),
    );
  });
});

describe('saveAttachments', () => {
  it('writes each file of a reply under a safe, unique name and returns the paths', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'console-files-'));
    const paths = await saveAttachments(
      [
        { name: 'stats.png', data: new Uint8Array([137, 80, 78, 71]) },
        { name: '../../etc/passwd', data: new TextEncoder().encode('x') },
      ],
      dir,
      new Date('2026-11-28T12:00:00Z'),
    );
    expect(paths).toEqual([path.join(dir, '20261128T120000-1-stats.png'), path.join(dir, '20261128T120000-2-passwd')]);
    expect([...(await readFile(paths[0] as string))]).toEqual([137, 80, 78, 71]);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('runConsole', () => {
  let library: LibraryClient;
  beforeAll(async () => {
    library = await startLibraryWorker();
  });
  afterAll(async () => {
    await library?.stop();
  });

  async function run(input: string): Promise<string> {
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk) => chunks.push(String(chunk)));
    await runConsole({
      input: Readable.from([input]),
      output,
      interactive: false,
      registry,
      library,
      context: commandContext(library),
      log: memoryLogger().log,
    });
    return chunks.join('');
  }

  it('greets, answers each line with the same handlers, and ends at end of input', async () => {
    const text = await run('/latest 2\n/search query:"kv cache" limit:2\nnext\n/nope\nhello\n');
    expect(text).toContain('local console (no DISCORD_TOKEN set)');
    expect(text).toContain('To connect to Discord, put DISCORD_TOKEN in .env');
    expect(text).toContain(
      '> /latest 2\n🆕 The 2 newest papers of 58\n\n■ InternVideo3: Agentify Foundation Models with Multimodal Contextual Reasoning\n  https://huggingface.co/papers/2606.12195',
    );
    expect(text).toContain('🔎 `kv cache` · 5 papers · page 1 of 3');
    expect(text).toContain('[◀ Previous (disabled)] [Next ▶]');
    expect(text).toContain('> next\n🔎 `kv cache` · 5 papers · page 2 of 3');
    expect(text).toContain('Published: Jun 9, 2026 · 5 months ago | Upvotes: 2 | Authors: 13 | arXiv: https://arxiv.org/abs/2606.12195');
    expect(text).toContain('Unknown command /nope.');
    expect(text).toContain('Type a command starting with /');
  });

  it('shows user errors privately and keeps going', async () => {
    const text = await run('/search\n/topic astrology\n/latest 1\n');
    expect(text).toContain("⚠️ Those options don't work: query is required.");
    expect(text).toContain('⚠️ There is no topic `astrology`.');
    expect(text).toContain('🆕 The newest paper of 58');
  });
});
