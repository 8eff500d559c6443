import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/interactions/command.js';
import { CommandRegistry } from '../../src/interactions/command-registry.js';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import { shippedTopics } from '../../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../../src/library/topics.js';
import type { LibraryClient } from '../../src/worker/library-client.js';
import { commandContext } from '../support/command-context.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';
import { startLibraryWorker } from '../support/seed-library.js';

skipReasonUnlessRealDigest();

/** The first 300 items of the real part-001.json, as a folder of daily_papers JSON with no topics.json would hold them. */
const SUBSET = 300;

describe.skipIf(!hasRealDigest)('a digest folder holding only real daily_papers JSON (no topics.json)', () => {
  let dir: string;
  let client: LibraryClient;
  let text: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'real-subset-'));
    const items = (JSON.parse(readFileSync(path.join(REAL_DIGEST_DIR, 'part-001.json'), 'utf8')) as unknown[]).slice(0, SUBSET);
    text = JSON.stringify(items);
    await writeFile(path.join(dir, 'part-001-subset.json'), text);
    client = await startLibraryWorker({ digestDir: dir });
  });
  afterAll(async () => {
    await client?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the shipped topics: /topic video finds the video papers', async () => {
    const shipped = compileTopics(await shippedTopics());
    const expected = readDailyPapersJson(text, 'part-001-subset.json').items.filter((paper) => topicsOfPaper(paper, shipped).includes('video-multimodal'));
    expect(expected.length).toBeGreaterThan(10);

    expect((await client.api.topics()).length).toBe(shipped.length);
    const video = await client.api.findTopic('video');
    expect(video?.id).toBe('video-multimodal');
    const page = await client.api.topicPage('video-multimodal', 1, 5);
    expect(page?.page.total).toBe(expected.length);
    expect(page?.page.items).toHaveLength(5);
    for (const paper of page?.page.items ?? []) expect(expected.map(({ key }) => key)).toContain(paper.key);

    const topic = new CommandRegistry(commands).get('topic') as Command;
    const reply = await topic.run(commandContext(client), { name: 'video' });
    expect(reply.content).toMatch(new RegExp(`^📚 \\*\\*Video and multimodal\\*\\* · ${expected.length} papers, newest first · page 1 of \\d+\\n`));
    expect(reply.embeds).toHaveLength(5);
  });
});
