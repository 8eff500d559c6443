import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseCommandLine } from '../../src/console/parse-command-line.js';
import { renderPayload } from '../../src/console/render-payload.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { commandUsage } from '../../src/present/command-usage.js';
import { reply } from '../../src/present/reply-payload.js';
import { runConsole } from '../../src/console/run-console.js';
import { saveAttachments } from '../../src/console/save-attachments.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { memoryLogger } from '../support/memory-log.js';
import { SEEDS_DIR, startLibraryWorker } from '../support/seed-library.js';

const registry = new CommandRegistry(commands);
const optionsOf = (name: string) => {
  const data = registry.get(name)?.data;
  return data && 'options' in data ? data.options : undefined;
};

describe('saveAttachments', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'console-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each file of a reply under a safe name stamped to the millisecond and returns the paths', async () => {
    const paths = await saveAttachments(
      [
        { name: 'stats.png', data: new Uint8Array([137, 80, 78, 71]) },
        { name: '../../etc/passwd', data: new TextEncoder().encode('x') },
      ],
      dir,
      new Date('2026-11-28T12:00:00.123Z'),
    );
    expect(paths).toEqual([path.join(dir, '20261128T120000123-1-stats.png'), path.join(dir, '20261128T120000123-2-passwd')]);
    expect([...(await readFile(paths[0] as string))]).toEqual([137, 80, 78, 71]);
  });

  it('never overwrites: two charts saved in the same millisecond, one after the other or at once, keep their own files', async () => {
    const now = new Date('2026-11-28T12:00:00.123Z');
    const chart = (n: number) => [{ name: 'stats.png', data: new Uint8Array([n]) }];
    const [first] = await saveAttachments(chart(1), dir, now);
    const [second] = await saveAttachments(chart(2), dir, now);
    const together = await Promise.all([3, 4, 5].map((n) => saveAttachments(chart(n), dir, now)));
    expect(first).toBe(path.join(dir, '20261128T120000123-1-stats.png'));
    expect(second).toBe(path.join(dir, '20261128T120000123-1-stats-2.png'));
    const all = [first, second, ...together.flat()] as string[];
    expect(new Set(all).size).toBe(5);
    expect((await readdir(dir)).sort()).toEqual(all.map((file) => path.basename(file)).sort());
    expect(await Promise.all(all.map(async (file) => (await readFile(file))[0]))).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('runConsole', () => {
  let library: LibraryClient;
  let filesDir: string;
  beforeAll(async () => {
    library = await startLibraryWorker();
    filesDir = await mkdtemp(path.join(tmpdir(), 'console-run-'));
  });
  afterAll(async () => {
    await library?.stop();
    await rm(filesDir, { recursive: true, force: true });
  });

  async function run(input: string, options: { digestDir?: string } = {}): Promise<string> {
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
      attachmentsDir: filesDir,
      ...options,
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

  it('says where it loads the digest from and how many papers it has before the first answer', async () => {
    const text = await run('/latest 1\n', { digestDir: SEEDS_DIR });
    expect(text).toContain(`\nLoading the digest from ${SEEDS_DIR}…\nReady: 58 papers. Try: /search kv cache`);
    expect(text.indexOf('Ready: 58 papers.')).toBeLessThan(text.indexOf('> /latest 1'));
  });

  it('answers the three reported lines with their whole option values', async () => {
    const text = await run('/ask question:which paper reduces KV cache memory at long context?\n/search query:kv cache\n/stats since:6 months\n');
    const [ask = '', search = '', stats = ''] = text.split('\n> ').slice(1);
    expect(ask).not.toContain('❓ `which`\n');
    expect(ask).toMatch(/^\/ask question:which paper reduces KV cache memory at long context\?\n❓ `which paper reduces KV cache memory at long context\?`/);
    expect(ask).toContain('■ From the digest\n  “During inference, LongGen reduces KV cache memory by 62%');
    expect(search).toMatch(/^\/search query:kv cache\n🔎 `kv cache` · 5 papers\n/);
    expect(search).not.toContain('must be');
    // SEED_NOW is 28 Nov 2026: six months back is 28 May 2026.
    expect(stats).toContain('📊 All papers since 28 May 2026');
    expect(stats).not.toContain('is not a date');
  });
});

describe('renderPayload with the real commands', () => {
  let library: LibraryClient;
  beforeAll(async () => {
    library = await startLibraryWorker();
  });
  afterAll(async () => {
    await library?.stop();
  });
  const render = async (line: string) => {
    const parsed = parseCommandLine(line, optionsOf);
    const command = registry.get(parsed?.command ?? '');
    if (!parsed || !command) throw new Error(`no command in ${line}`);
    return renderPayload(await command.run(commandContext(library), parsed.options));
  };

  it('/help lists each command on its own line', async () => {
    const lines = (await render('/help')).split('\n');
    for (const command of registry.all()) {
      const usage = commandUsage(command.data);
      const first = lines.findIndex((line) => line.startsWith(`  ${usage.slice(0, 40)}`));
      expect(first, usage).toBeGreaterThan(0);
    }
    expect(lines.filter((line) => line.length > 100)).toEqual([]);
    expect(lines.filter((line) => / \| \/[a-z]/.test(line))).toEqual([]);
  });

  it('/trending shows one paper per line, each wrapped under its number, not run together', async () => {
    const text = await render('/trending days:30');
    const numbered = text.split('\n').filter((line) => /^ {2}\d+\. /.test(line));
    expect(numbered.map((line) => line.slice(0, 5))).toEqual(['  1. ', '  2. ', '  3. ']);
    expect(text).toContain(
      '  1. ▰▰▰▰▰▰▰▰ 3 ▲ · [Many-Shot CoT-ICL: Making In-Context Learning Truly\n     Learn](https://huggingface.co/papers/2605.13511) · May 12, 2026\n  2. ',
    );
  });

  it('keeps the lines of content and of code blocks as they are', async () => {
    const text = await render('/cite 2604.24715');
    expect(text).toContain('```bibtex\n% 10 authors; their names are not in the digest\n@misc{longcontext2026,\n  title={{Long-Context Aware Upcycling');
    expect(renderPayload(reply({ content: 'first\nsecond\n\n- third' }))).toBe('first\nsecond\n\n- third');
  });

  it('shows a non-inline field with several lines on lines of its own', async () => {
    const text = await render('/paper 2604.24715');
    expect(text).toContain(
      '  Links: https://huggingface.co/papers/2604.24715\n      https://arxiv.org/abs/2604.24715\n      https://arxiv.org/pdf/2604.24715\n  Topics: ',
    );
  });
});
