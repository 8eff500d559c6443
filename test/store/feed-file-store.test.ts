import { describe, expect, it } from 'vitest';
import { storeEngines } from '../support/store-engines.js';

describe.each(storeEngines())('FeedFileStore ($name)', (engine) => {
  const temp = engine.use();

  it('hands out the files recorded after a revision, oldest first; a changed file moves to a new revision, the same text changes nothing', async () => {
    const { feedFiles } = temp.stores;
    expect(await feedFiles.since(0, 10)).toEqual([]);
    await feedFiles.record('feed/2026-11-20.json', '[1]');
    await feedFiles.record('feed/2026-11-21.json', '[2]');
    const first = await feedFiles.since(0, 10);
    expect(first.map((file) => [file.name, file.text])).toEqual([
      ['feed/2026-11-20.json', '[1]'],
      ['feed/2026-11-21.json', '[2]'],
    ]);
    const [a, b] = first.map((file) => file.revision) as [number, number];
    expect(b).toBeGreaterThan(a);
    // The same text again: nothing new for a reader that saw b.
    await feedFiles.record('feed/2026-11-20.json', '[1]');
    expect(await feedFiles.since(b, 10)).toEqual([]);
    // The first day's counts changed: it comes again, after the second.
    await feedFiles.record('feed/2026-11-20.json', '[1, 3]');
    const changed = await feedFiles.since(b, 10);
    expect(changed.map((file) => [file.name, file.text])).toEqual([['feed/2026-11-20.json', '[1, 3]']]);
    expect(changed[0]?.revision).toBeGreaterThan(b);
    // A reader from the start sees each file once, at its latest text.
    expect((await feedFiles.since(0, 10)).map((file) => [file.name, file.text])).toEqual([
      ['feed/2026-11-21.json', '[2]'],
      ['feed/2026-11-20.json', '[1, 3]'],
    ]);
    expect((await feedFiles.since(0, 1)).map((file) => file.name)).toEqual(['feed/2026-11-21.json']);
  });

  it('keeps the files across a restart', async () => {
    await temp.stores.feedFiles.record('feed/2026-11-20.json', '[1]');
    const reopened = await temp.reopen();
    expect((await reopened.feedFiles.since(0, 10)).map((file) => file.text)).toEqual(['[1]']);
  });
});
