import { copyFile, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/digest/load-digest.js';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

const FIXTURE = new URL('../fixtures/daily-papers.json', import.meta.url).pathname;
const REPR_HINT = "({'paper': ...} saved with Python's str(), not json.dump)";
const WEEKEND = 'the file is the number 1, not a list of daily_papers entries (an empty day saved as a count?)';
const REPR_ITEM = "{'paper': {'id': '2412.07730', 'authors': [{'_id': 'x', 'name': 'Zongyu Lin', 'hidden': False}], 'title': 'T'}}";
const GOOD_ITEM = { paper: { id: '2501.05441', title: 'A Real Object', summary: 'Read as JSON.', upvotes: 4 }, numComments: 2 };

describe.skipIf(!hasRealDigest)('the real odd files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'odd-'));
    for (const name of ['daily_papers_2024-03-12.json', 'weekend-2024-05-26.json', 'python-strings-2024-12-11.json', 'wrapped-2025-01-10.json'])
      await symlink(path.join(REAL_DIGEST_DIR, 'odd-files', name), path.join(dir, name));
    await copyFile(FIXTURE, path.join(dir, 'good.json'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads the 2024 shape, gives exactly one clear problem per unreadable file, and still loads the good file beside them', async () => {
    const digest = await loadDigest(dir);
    expect(digest.problems).toEqual([
      { file: 'python-strings-2024-12-11.json', line: null, message: `items are Python repr strings, not JSON objects: 26 entries not read ${REPR_HINT}` },
      { file: 'weekend-2024-05-26.json', line: null, message: WEEKEND },
      {
        file: 'wrapped-2025-01-10.json',
        line: null,
        message: `a {status, date, count, data} wrapper whose items are Python repr strings, not JSON objects: 9 entries not read ${REPR_HINT}`,
      },
    ]);
    expect(digest.files).toMatchObject([
      { file: 'daily_papers_2024-03-12.json', papers: 9, problems: 0 },
      { file: 'good.json', papers: 2, problems: 0 },
      { file: 'python-strings-2024-12-11.json', papers: 0, problems: 1 },
      { file: 'weekend-2024-05-26.json', papers: 0, problems: 1 },
      { file: 'wrapped-2025-01-10.json', papers: 0, problems: 1 },
    ]);
    expect(digest.papers).toHaveLength(9 + 2);
  });

  it('reads the 2024 shape whole: author names, comments, the media image, counts as of the file day', async () => {
    const digest = await loadDigest(dir);
    expect(digest.papers.find((paper) => paper.key === '2403.06634')).toMatchObject({
      title: 'Stealing Part of a Production Language Model',
      // paper.publishedAt 2024-03-11T11:46:12Z; the item's 2024-03-12 is the listing time.
      publishedAt: '2024-03-11',
      upvotes: 63,
      authorCount: 13,
      authors: expect.arrayContaining(['Nicholas Carlini', 'Florian Tramèr']) as string[],
      comments: 3,
      // The file's name holds the day the archive fetched the listing.
      countsAsOf: '2024-03-12',
      // The 2024-03 items carry one `mediaUrl`, here an uploaded .png.
      thumbnail: 'https://cdn-uploads.huggingface.co/production/uploads/60f1abe7544c2adfd699860c/dhiUnxDGTRatavk4pKf9h.png',
      aiSummary: null,
      githubStars: null,
      organization: null,
    });
  });
});

describe('odd daily_papers shapes (synthetic)', () => {
  const read = (value: unknown, file = 'odd.json') => readDailyPapersJson(JSON.stringify(value), file);

  it('a bare number is one problem saying so; a non-integer is not called a count', () => {
    expect(read(1, 'weekend.json')).toEqual({ items: [], problems: [{ file: 'weekend.json', line: null, message: WEEKEND }] });
    expect(read(1.5).problems.map((problem) => problem.message)).toEqual(['the file is the number 1.5, not a list of daily_papers entries']);
  });

  it('a list of Python repr strings is one problem, never parsed; plain strings are named as strings', () => {
    expect(read([REPR_ITEM, REPR_ITEM]).problems).toEqual([
      { file: 'odd.json', line: null, message: `items are Python repr strings, not JSON objects: 2 entries not read ${REPR_HINT}` },
    ]);
    expect(read(['a', 'b']).problems.map((problem) => problem.message)).toEqual(['items are strings, not JSON objects: 2 entries not read']);
  });

  it('a {status, date, count, data} wrapper of real objects is read; of repr strings it is one problem', () => {
    const wrapped = read({ status: 'success', date: '2025-01-10', count: 1, data: [GOOD_ITEM] }, 'wrapped-2025-01-10.json');
    expect(wrapped.problems).toEqual([]);
    // The day comes from the file name, the comments from the item.
    expect(wrapped.items).toMatchObject([{ key: '2501.05441', title: 'A Real Object', comments: 2, countsAsOf: '2025-01-10' }]);
    expect(read({ status: 'success', date: '2025-01-10', count: 1, data: [REPR_ITEM] }).problems.map((problem) => problem.message)).toEqual([
      `a {status, date, count, data} wrapper whose items are Python repr strings, not JSON objects: 1 entry not read ${REPR_HINT}`,
    ]);
  });

  it('a repr string among real objects is that entry’s problem; the objects load', () => {
    const result = read([GOOD_ITEM, REPR_ITEM]);
    expect(result.items.map((paper) => paper.key)).toEqual(['2501.05441']);
    expect(result.problems).toEqual([{ file: 'odd.json', line: null, message: 'entry 1: a Python repr string, not a JSON object' }]);
  });

  it('other shapes say what they are', () => {
    expect([null, 'text', true, {}].map((value) => read(value).problems[0]?.message)).toEqual([
      'the file is null, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
      'the file is a JSON string, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
      'the file is a JSON boolean, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
      'the file is an object with keys (none), not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
    ]);
    // An empty day is no problem.
    expect(read([])).toEqual({ items: [], problems: [] });
  });

  it('a folder of odd files: each bad one is one problem, the good one loads', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'odd-synthetic-'));
    try {
      await writeFile(path.join(dir, 'weekend-2024-05-26.json'), '1');
      await writeFile(path.join(dir, 'strings.json'), JSON.stringify([REPR_ITEM]));
      await writeFile(path.join(dir, 'good.json'), JSON.stringify([GOOD_ITEM]));
      const digest = await loadDigest(dir);
      expect(digest.problems.map((problem) => problem.file)).toEqual(['strings.json', 'weekend-2024-05-26.json']);
      expect(digest.papers.map((paper) => paper.key)).toEqual(['2501.05441']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
