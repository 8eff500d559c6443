import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { runConsole } from '../../src/console/run-console.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { memoryLogger } from '../support/memory-log.js';
import { pngSize } from '../support/png-chart.js';
import { startLibraryWorker } from '../support/seed-library.js';

describe('/stats in the console', () => {
  let library: LibraryClient;
  let dir: string;
  beforeAll(async () => {
    library = await startLibraryWorker();
    dir = await mkdtemp(path.join(tmpdir(), 'console-stats-'));
  });
  afterAll(async () => {
    await library?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each chart to a file of its own, prints its path under the summary, and the file is the PNG', async () => {
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (chunk) => chunks.push(String(chunk)));
    await runConsole({
      input: Readable.from(['/stats since:2024\n/stats since:2024\n']),
      output,
      interactive: false,
      registry: new CommandRegistry(commands),
      library,
      context: commandContext(library),
      log: memoryLogger().log,
      attachmentsDir: dir,
    });
    const text = chunks.join('');
    // Two charts in a row (the old per-second names made the second overwrite the first): each keeps its own file.
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    const [saved, other] = files;
    const file = path.join(dir, saved as string);
    // Of the seed's 58 papers, 9 are older than 2024 and 1 has no date.
    expect(text).toContain('> /stats since:2024\n📊 All papers since 1 Jan 2024\n\n  — 48 papers from 1 Jan 2024 to 9 Jun 2026.');
    expect(text).toContain(`\n📎 saved ${file}`);
    expect(text).toContain(`\n📎 saved ${path.join(dir, other as string)}`);
    expect(files.every((name) => /^\d{8}T\d{9}-1-stats(-\d+)?\.png$/.test(name))).toBe(true);
    expect(await readFile(path.join(dir, other as string))).toEqual(await readFile(file));
    expect(pngSize(await readFile(file))).toMatchObject({ width: 800 });
  });
});
