import { describe, expect, it } from 'vitest';
import { PaperIndex } from '../../src/library/paper-index.js';
import { indexOnThread } from '../../src/worker/index-on-thread.js';
import { seedLibrary } from '../support/seed-library.js';

describe('indexing on a thread of its own', () => {
  it("sends back the records of the papers' index, which join into an empty index as the index itself", async () => {
    const papers = (await seedLibrary()).all();
    const records = await indexOnThread(papers);
    const restore = PaperIndex.restore();
    for (const [kind, payload] of records) expect(restore.take(kind, payload)).toBe(true);
    const index = new PaperIndex([], restore.finish());
    const whole = new PaperIndex(papers);
    expect(index.size).toBe(papers.length);
    expect(index.search('ring attention').hits).toEqual(whole.search('ring attention').hits);
    expect(index.documentFrequency('attent')).toBe(whole.documentFrequency('attent'));
  });

  it('ends the thread and rejects when cancelled, and rejects when the thread fails', async () => {
    const papers = (await seedLibrary()).all();
    const stop = new AbortController();
    const cancelled = indexOnThread(papers, stop.signal);
    stop.abort();
    await expect(cancelled).rejects.toThrow(/before its index was whole/);
    // Papers the index cannot read (no text) make the thread throw.
    await expect(indexOnThread([{ key: 'x' } as never])).rejects.toThrow();
  });
});
