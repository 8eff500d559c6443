import { describe, expect, it } from 'vitest';
import { generatePapers } from '../../scripts/bench/generate-corpus.js';
import { PaperIndex } from '../../src/library/paper-index.js';
import { serialize } from 'node:v8';
import { indexOnThread, PAPERS_PER_MESSAGE, SerializedRecords } from '../../src/worker/index-on-thread.js';
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

  it('indexes papers sent in several messages as one pass over them all, record for record', { timeout: 30_000 }, async () => {
    // Three messages, each indexed as it arrives.
    const papers = generatePapers((await seedLibrary()).all(), 2 * PAPERS_PER_MESSAGE + 500);
    const records = await indexOnThread(papers);
    expect(records.count).toBeGreaterThan(1);
    expect([...records]).toEqual([...new PaperIndex(papers).records()]);
  });

  it('reads its records once: a second walk finds none', async () => {
    const records = await indexOnThread((await seedLibrary()).all());
    expect([...records].length).toBe(records.count);
    expect([...records]).toEqual([]);
  });

  it('deserializes each record only when it is reached, so a bad one fails the walk there', () => {
    const records = new SerializedRecords([serialize(['search', { documentCount: 1 }]), new Uint8Array([0xff, 0x0f, 0x99])]);
    const walk = records[Symbol.iterator]();
    // An iterator made before the first is stepped finds none: the first took them all.
    expect([...records]).toEqual([]);
    expect(walk.next().value).toEqual(['search', { documentCount: 1 }]);
    expect(() => walk.next()).toThrow();
  });

  it('ends the thread and rejects when cancelled, and rejects when the thread fails', async () => {
    const papers = (await seedLibrary()).all();
    const stop = new AbortController();
    const cancelled = indexOnThread(papers, stop.signal);
    stop.abort();
    await expect(cancelled).rejects.toThrow(/before its index was whole/);
    // Papers the index cannot read (no text) make the thread throw.
    await expect(indexOnThread([{ key: 'x' } as never])).rejects.toThrow();
    // A paper that cannot be copied to the thread (a function) rejects too.
    await expect(indexOnThread([{ ...papers[0], title: () => 'x' } as never])).rejects.toThrow(/could not be cloned/);
  });
});
