import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/digest/load-digest.js';
import { Library } from '../../src/library/library.js';
import { periodPapers } from '../../src/library/period-papers.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

const FEED_DAYS = path.join(REAL_DIGEST_DIR, 'feed-days');
const DAY_MS = 86_400_000;

/** The arXiv ids each real `daily_papers?date=<day>` answer lists, by day. */
async function listedIds(): Promise<Map<string, string[]>> {
  const days = new Map<string, string[]>();
  for (const name of (await readdir(FEED_DAYS)).sort()) {
    const items = JSON.parse(await readFile(path.join(FEED_DAYS, name), 'utf8')) as { paper: { id: string } }[];
    days.set(name.slice(0, 10), items.map((item) => item.paper.id).sort());
  }
  return days;
}

describe.skipIf(!hasRealDigest)('daily digests on 33 real listing days', () => {
  let library: Library;
  let listed: Map<string, string[]>;
  beforeAll(async () => {
    library = new Library((await loadDigest(FEED_DAYS)).papers);
    listed = await listedIds();
  });

  it('no real paper is listed on the day it was published: by arXiv date, 56% would miss their daily digest', () => {
    const papers = library.all();
    expect(papers).toHaveLength(651); // 653 items, two papers listed twice
    const lag = (paper: (typeof papers)[number]) => (Date.parse(paper.listedOn as string) - Date.parse(paper.publishedAt as string)) / DAY_MS;
    expect(papers.every((paper) => paper.listedOn !== null && paper.publishedAt !== null && lag(paper) >= 1)).toBe(true);
    // Listed at 00:00 UTC two or more days after publication, they come after the 09:00 post of their
    // publication day's digest, and a period once decided is never looked at again.
    expect(papers.filter((paper) => lag(paper) >= 2)).toHaveLength(366);
  });

  it("gives each day's digest every paper listed that day (a paper listed twice stays on its first day)", () => {
    const seen = new Set<string>();
    let total = 0;
    for (const [day, ids] of listed) {
      const first = ids.filter((id) => !seen.has(id));
      for (const id of ids) seen.add(id);
      const digest = periodPapers(library, { from: day, to: day, topicId: null, keywords: null });
      expect({ day, keys: digest.map((paper) => paper.key).sort() }).toEqual({ day, keys: first });
      total += digest.length;
    }
    // Every paper is in exactly one daily digest.
    expect(total).toBe(651);
    // 2608.12313 is listed on Aug 13 and again on Aug 19: it counts on Aug 13 only (the merge keeps the earliest day).
    expect(library.get('2608.12313')?.listedOn).toBe('2026-08-13');
  });
});
