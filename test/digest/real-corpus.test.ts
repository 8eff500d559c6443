import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDigest, type Digest } from '../../src/digest/load-digest.js';
import type { Paper } from '../../src/digest/paper.js';
import { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

/** A hyphen glued to a word, then whitespace holding a line break, then the next word. */
const HYPHEN_AT_WRAP = /(\S*[^\s-]-+)[^\S\n]*\n\s*(\S+)/g;
const SUSPENDED = /^(?:and|or|\()/;

describe.skipIf(!hasRealDigest)('the whole real corpus', { timeout: 120_000 }, () => {
  let partsDir: string;
  let feedDir: string;
  let parts: Digest;
  let feed: Digest;
  let days: string[];
  const raw = new Map<string, { title: string; summary: string }>();

  beforeAll(async () => {
    // The real files are linked, never copied: the parts in one folder, the raw days in the
    // feed/ subfolder of another, as the feed writes them.
    partsDir = await mkdtemp(path.join(tmpdir(), 'real-parts-'));
    feedDir = await mkdtemp(path.join(tmpdir(), 'real-feed-'));
    await mkdir(path.join(feedDir, 'feed'));
    for (const part of REAL_PARTS) await symlink(path.join(REAL_DIGEST_DIR, part), path.join(partsDir, part));
    days = (await readdir(path.join(REAL_DIGEST_DIR, 'feed-days'))).sort();
    for (const day of days) await symlink(path.join(REAL_DIGEST_DIR, 'feed-days', day), path.join(feedDir, 'feed', day));
    parts = await loadDigest(partsDir);
    feed = await loadDigest(feedDir);
    for (const part of REAL_PARTS) {
      for (const item of JSON.parse(readFileSync(path.join(REAL_DIGEST_DIR, part), 'utf8')) as { paper: { id: string; title: string; summary: string } }[])
        raw.set(item.paper.id, item.paper);
    }
  });
  afterAll(async () => {
    await rm(partsDir, { recursive: true, force: true });
    await rm(feedDir, { recursive: true, force: true });
  });

  it('loads every part and every feed day with 0 problems', () => {
    expect(parts.problems).toEqual([]);
    expect(feed.problems).toEqual([]);
    expect(parts.files.map((file) => file.papers)).toEqual([2000, 2000, 2000, 2000, 2000, 2000, 675]);
    expect(days).toHaveLength(33);
    expect(feed.files).toHaveLength(33);
    // Named relative to the digest folder, in name order.
    expect(feed.files.slice(0, 2)).toMatchObject([
      { file: 'feed/2026-07-08.json', papers: 27, problems: 0 },
      { file: 'feed/2026-07-09.json', papers: 7, problems: 0 },
    ]);
  });

  it('counts 12,675 papers in the parts and 651 in the feed days (653 items: two papers were listed on two days)', () => {
    expect(parts.papers).toHaveLength(12_675);
    expect(feed.papers).toHaveLength(651);
    expect(feed.files.reduce((sum, file) => sum + file.papers, 0)).toBe(653);
  });

  it('merges a paper listed on two feed days: counts of the later day, text and day of the first', () => {
    // 2608.12313 on 2026-08-13 (2 upvotes, no stars, 0 comments, no organization) and
    // 2026-08-19 (27 upvotes, 1 star, 3 comments, QwenBusinessUnit).
    expect(feed.papers.find((paper) => paper.key === '2608.12313')).toMatchObject({
      upvotes: 27,
      githubStars: 1,
      comments: 3,
      countsAsOf: '2026-08-19',
      organization: { id: 'QwenBusinessUnit' },
      source: { file: 'feed/2026-08-13.json', line: null },
    });
  });

  it('fills what each era offers, as often as the corpus statistics say', () => {
    const count = (field: keyof Paper) => parts.papers.filter((paper) => paper[field] !== null).length;
    // SOURCES.md: ai_summary 7,459, githubStars 3,682, organization 3,371, submittedOnDailyAt 9,361
    // (countsAsOf: the parts' names hold no day), numComments and authors in every record.
    expect({
      aiSummary: count('aiSummary'),
      githubStars: count('githubStars'),
      organization: count('organization'),
      countsAsOf: count('countsAsOf'),
      comments: count('comments'),
      authors: count('authors'),
      thumbnail: count('thumbnail'),
    }).toEqual({ aiSummary: 7459, githubStars: 3682, organization: 3371, countsAsOf: 9361, comments: 12_675, authors: 12_675, thumbnail: 0 });
  });

  it('leaves no line break or double space in any title or abstract', () => {
    const texts = [...parts.papers, ...feed.papers].flatMap((paper) => [paper.title, paper.abstract]);
    expect(texts).toHaveLength(2 * (12_675 + 651));
    expect(texts.filter((text) => /\n|\s\s|^\s|\s$/.test(text))).toEqual([]);
  });

  it('joins a word hyphenated at a wrap, keeps the space of a suspended hyphen (how the real data hyphenates)', () => {
    // Titles never wrap at a hyphen. Abstracts do 11 times: 2 words split at their hyphen
    // ("high-\nresolution", "pre-\ntrained") and 9 suspended hyphens ("open-\nand
    // closed-source", "reduced-\n(RISC)"). Free-standing dashes (" --\n") are spaces.
    const wraps: { id: string; head: string; next: string }[] = [];
    expect([...raw.values()].filter((item) => /\S-\s*\n/.test(item.title))).toEqual([]);
    for (const [id, item] of raw) {
      for (const [, head = '', next = ''] of item.summary.matchAll(HYPHEN_AT_WRAP)) wraps.push({ id, head, next });
    }
    expect(wraps.filter((wrap) => !SUSPENDED.test(wrap.next)).map((wrap) => `${wrap.id} ${wrap.head}${wrap.next}`)).toEqual([
      '2511.07080 pre-trained',
      '2502.05761 high-resolution',
    ]);
    expect(wraps.filter((wrap) => SUSPENDED.test(wrap.next))).toHaveLength(9);
    for (const { id, head, next } of wraps) {
      const abstract = parts.papers.find((paper) => paper.key === id)?.abstract;
      expect(abstract).toContain(SUSPENDED.test(next) ? `${head} ${next}` : `${head}${next}`);
    }
  });

  it('never makes a "word- next" that the source did not have on one line (no bad unwrap at a hyphen)', () => {
    let fromSource = 0;
    const badJoins: string[] = [];
    for (const paper of parts.papers) {
      const source = raw.get(paper.key)?.summary ?? '';
      for (const [whole = '', head = '', next = ''] of paper.abstract.matchAll(/(\S*[^\s-]-+) (\S+)/g)) {
        const onOneLine = source.includes(whole) || source.replace(/[^\S\n]+/g, ' ').includes(whole);
        if (onOneLine) fromSource++;
        else if (!SUSPENDED.test(next)) badJoins.push(`${paper.key}: ${head} ${next}`);
      }
    }
    expect(badJoins).toEqual([]);
    // Authors write suspended hyphens themselves ("pre- and post-training") hundreds of times.
    expect(fromSource).toBeGreaterThan(300);
  });
});
