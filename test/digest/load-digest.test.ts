import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDigest } from '../../src/digest/load-digest.js';
import { SEEDS_DIR } from '../support/seed-library.js';

const FIXTURE = new URL('../fixtures/daily-papers.json', import.meta.url).pathname;
const LISTING = 'hf-daily-papers-long-context.txt';

describe('loadDigest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'digest-'));
    await copyFile(path.join(SEEDS_DIR, LISTING), path.join(dir, LISTING));
    await copyFile(path.join(SEEDS_DIR, 'arxiv-ids.tsv'), path.join(dir, 'arxiv-ids.tsv'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('adds the papers of a daily_papers JSON export, and counts a paper in both files once', async () => {
    await copyFile(FIXTURE, path.join(dir, 'update-2026-11.json'));
    const digest = await loadDigest(dir);
    expect(digest.problems).toEqual([]);
    expect(digest.papers).toHaveLength(59); // 58 + 1 new; 2410.01485v2 is already in the listing
    expect(digest.files.find((file) => file.file === 'update-2026-11.json')).toMatchObject({ file: 'update-2026-11.json', papers: 2, problems: 0 });

    const merged = digest.papers.filter((paper) => paper.key === '2410.01485');
    expect(merged).toHaveLength(1);
    // The listing (read first) keeps its text; the export fills what the listing lacked.
    expect(merged[0]).toMatchObject({ upvotes: 9, authorCount: 5, keywords: ['KV cache', 'length extension'] });
    expect(merged[0]?.links).toEqual([{ url: 'https://github.com/example/longgen', kind: 'code' }]);

    const added = digest.papers.find((paper) => paper.key === '2611.00042');
    expect(added).toEqual({
      key: '2611.00042',
      arxivId: '2611.00042',
      title: 'Paged Sparse Attention for Million-Token Agents',
      abstract: 'We page the KV cache of long-running agents into sparse blocks, cutting memory by 5x. Project page: https://example.org/paged-sparse',
      publishedAt: '2026-11-20',
      // Not in feed/ and no submittedOnDailyAt: the day it was listed is unknown.
      listedOn: null,
      upvotes: 31,
      organization: { id: 'example-lab', name: 'Example Lab' },
      authorCount: 3,
      links: [{ url: 'https://example.org/paged-sparse', kind: 'project' }],
      keywords: ['sparse attention', 'KV cache', 'agents'],
      // Names in API order; the fixture has no hidden author.
      authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper'],
      aiSummary: null,
      githubStars: null,
      comments: null,
      // No day in the file name (update-2026-11 is a month) and no submittedOnDailyAt.
      countsAsOf: null,
      thumbnail: null,
      source: { file: 'update-2026-11.json', line: null },
    });
  });

  it('identifies a paper without arXiv id by its normalized title across files', async () => {
    const entry = (title: string) => ({ paper: { id: 'not-an-arxiv-id', title, summary: 'Same paper.', upvotes: 1 } });
    await writeFile(path.join(dir, 'a.json'), JSON.stringify([entry('Ring Attention: A Study!')]));
    await writeFile(path.join(dir, 'b.json'), JSON.stringify([entry('ring  attention — a study')]));
    const digest = await loadDigest(dir);
    expect(digest.papers.filter((paper) => paper.key === 'title:ring attention a study')).toHaveLength(1);
  });

  it('reports each bad file by name (and line) and still loads the others', async () => {
    const seed = await readFile(path.join(SEEDS_DIR, LISTING), 'utf8');
    const lines = seed.split('\n');
    await writeFile(path.join(dir, 'empty.json'), '');
    await writeFile(path.join(dir, 'blank.txt'), '  \n\n');
    await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await writeFile(path.join(dir, 'truncated.json'), '[{"paper": {"id": "2401.00001",\n "title": "Cut');
    await writeFile(path.join(dir, 'object.json'), '{"papers": []}');
    await writeFile(
      path.join(dir, 'wrong-entry.json'),
      JSON.stringify([{ paper: { id: '2401.00002' } }, { paper: { id: '2401.00003', title: 'Fine', summary: 'ok' } }]),
    );
    await writeFile(path.join(dir, 'not-a-listing.txt'), 'hello\nworld\n');
    // A listing cut off right after a title (line 13 of the copy is a title with no abstract).
    await writeFile(path.join(dir, 'cut-listing.txt'), [...lines.slice(0, 27), 'A Title With No Abstract'].join('\n'));

    const digest = await loadDigest(dir);
    expect(digest.problems).toEqual([
      { file: 'binary.txt', line: null, message: 'file is binary (contains NUL bytes), expected UTF-8 text' },
      { file: 'blank.txt', line: null, message: 'file is empty' },
      { file: 'empty.json', line: null, message: 'file is empty' },
      { file: 'latin1.txt', line: null, message: 'file is not valid UTF-8 text' },
      { file: 'cut-listing.txt', line: 28, message: 'paper "A Title With No Abstract" has no abstract (truncated file?)' },
      { file: 'not-a-listing.txt', line: null, message: 'not a Hugging Face Daily Papers listing: no "Daily Papers" header followed by a date' },
      {
        file: 'object.json',
        line: null,
        message: 'the file is an object with keys papers, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
      },
      { file: 'truncated.json', line: 2, message: expect.stringMatching(/^invalid JSON: /) },
      { file: 'wrong-entry.json', line: null, message: 'entry 0: paper.title: Invalid input: expected string, received undefined' },
    ]);
    // The seed still loads whole, plus the good entry of wrong-entry.json; the cut listing's
    // two complete papers are duplicates of the seed's.
    expect(digest.papers).toHaveLength(59);
    expect(digest.files.find((file) => file.file === 'cut-listing.txt')).toMatchObject({ file: 'cut-listing.txt', papers: 2, problems: 1 });
  });

  it('refuses files over the size limit with a clear message', async () => {
    const digest = await loadDigest(dir, { maxFileBytes: 50_000 });
    expect(digest.problems).toEqual([{ file: LISTING, line: null, message: 'file is 99 KB, over the 49 KB limit (MAX_DIGEST_FILE_BYTES)' }]);
    expect(digest.papers).toEqual([]);
  });
});
