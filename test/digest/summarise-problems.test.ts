import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DigestProblem } from '../../src/digest/digest-problem.js';
import { decodeText, loadDigest } from '../../src/digest/load-digest.js';
import { readArxivIds } from '../../src/digest/read-arxiv-ids.js';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';
import { readListing } from '../../src/digest/read-listing.js';
import { logDigestProblems, problemKind, summariseProblems } from '../../src/digest/summarise-problems.js';
import { loadTopics } from '../../src/library/load-topics.js';
import { memoryLogger } from '../support/memory-log.js';
import { hasRealDigest, REAL_DIGEST_DIR, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

/** The problems the real readers give, so a reworded message that changes its kind fails here. */
const unreadable = (name: string, bytes: string) => decodeText(new TextEncoder().encode(bytes), name) as DigestProblem;
const notDigest = (name: string, text: string) => readDailyPapersJson(text, name).problems[0] as DigestProblem;
const badLines = (name: string, lines: number) => readArxivIds(Array.from({ length: lines }, (_, i) => `commit ${i}`).join('\n'), name).problems;

describe('problemKind', () => {
  it('tells the four kinds apart, on the messages the readers really give', async () => {
    expect(problemKind(unreadable('a.txt', ''))).toBe('unreadable');
    expect(problemKind(unreadable('a.txt', 'a\u0000b'))).toBe('unreadable');
    expect(problemKind(decodeText(new Uint8Array([0xff, 0xfe, 0x41]), 'a.txt') as DigestProblem)).toBe('unreadable');
    expect(problemKind({ file: 'big.json', line: null, message: 'file is 21.0 MB, over the 20.0 MB limit (MAX_DIGEST_FILE_BYTES)' })).toBe('unreadable');
    expect(problemKind({ file: 'x.json', line: null, message: 'cannot read file: EACCES' })).toBe('unreadable');
    for (const text of ['1', '{"a": 1}', '["{\'paper\': 1}"]', '{"status": 200, "data": ["x"]}', '{', 'null'])
      expect(problemKind(notDigest('day.json', text)), text).toBe('not-digest');
    expect(problemKind(readListing('no header here', 'notes.txt', new Map()).problems[0] as DigestProblem)).toBe('not-digest');
    expect(problemKind(notDigest('day.json', '[{"paper": {"id": "2501.00001"}}]'))).toBe('bad-entries'); // entry 0: no title
    expect(problemKind(notDigest('day.json', '["ok", {"paper": {"id": "2501.00001", "title": "T", "summary": "S"}}]'))).toBe('bad-entries');
    expect(problemKind(badLines('ids.tsv', 1)[0] as DigestProblem)).toBe('bad-entries');
    const dir = await mkdtemp(path.join(tmpdir(), 'topics-problem-'));
    try {
      await writeFile(path.join(dir, 'topics.json'), '{');
      expect(problemKind((await loadTopics(dir)).problem as DigestProblem)).toBe('topics');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('summariseProblems', () => {
  it('gives nothing for no problems', () => {
    expect(summariseProblems([])).toEqual([]);
  });

  it('gives one line per kind, with the count, up to three files and the first problem', () => {
    const problems = [
      ...badLines('history-commits.tsv', 109),
      notDigest('stats.json', '{"unique_papers": 1}'),
      unreadable('a.txt', ''),
      unreadable('b.txt', ''),
      unreadable('c.txt', '\u0000'),
      unreadable('d.txt', ''),
      ...badLines('ids.tsv', 2),
      notDigest('day.json', '[{"paper": {"id": "2501.00001"}}]'),
      { file: 'topics.json', line: null, message: 'invalid JSON: Unexpected end of JSON input' },
    ];
    const lines = summariseProblems(problems);
    expect(lines.map(({ kind, count, files }) => ({ kind, count, files }))).toEqual([
      { kind: 'topics', count: 1, files: ['topics.json'] },
      { kind: 'unreadable', count: 4, files: ['a.txt', 'b.txt', 'c.txt', 'd.txt'] },
      { kind: 'not-digest', count: 1, files: ['stats.json'] },
      { kind: 'bad-entries', count: 112, files: ['history-commits.tsv', 'ids.tsv', 'day.json'] },
    ]);
    expect(lines.map(({ message }) => message)).toEqual([
      "topics.json: invalid JSON: Unexpected end of JSON input; the folder's topics are not used, the shipped topics still apply",
      'skipped 4 files that could not be read (a.txt, b.txt, c.txt, …); the first: a.txt: file is empty',
      'skipped a file that is not a digest file: stats.json: the file is an object with keys unique_papers, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
      'skipped 112 bad entries in 3 files (history-commits.tsv: 109, ids.tsv: 2, day.json: 1); the first: history-commits.tsv:1: expected "title<TAB>arxiv id" (e.g. 2401.12345)',
    ]);
  });

  it('names the one file of many bad entries, and shows a single problem whole', () => {
    expect(summariseProblems(badLines('history-commits.tsv', 3)).map(({ message }) => message)).toEqual([
      'skipped 3 bad entries in history-commits.tsv; the first: history-commits.tsv:1: expected "title<TAB>arxiv id" (e.g. 2401.12345)',
    ]);
    expect(summariseProblems([unreadable('a.txt', '')]).map(({ message }) => message)).toEqual(['skipped a file that could not be read: a.txt: file is empty']);
    expect(summariseProblems(badLines('ids.tsv', 1)).map(({ message }) => message)).toEqual([
      'skipped a bad entry: ids.tsv:1: expected "title<TAB>arxiv id" (e.g. 2401.12345)',
    ]);
  });
});

describe('logDigestProblems', () => {
  it('warns once per kind and logs every problem at debug, by file and line', () => {
    const logs = memoryLogger();
    logDigestProblems(logs.log, [...badLines('history-commits.tsv', 50), notDigest('stats.json', '{"a": 1}')]);
    const warnings = logs.lines().filter((line) => line.level === 40);
    expect(warnings.map(({ kind, count, files }) => ({ kind, count, files }))).toEqual([
      { kind: 'not-digest', count: 1, files: ['stats.json'] },
      { kind: 'bad-entries', count: 50, files: ['history-commits.tsv'] },
    ]);
    expect(warnings[1]?.msg).toMatch(/ \(LOG_LEVEL=debug logs every one\)$/);
    const details = logs.lines().filter((line) => line.level === 20);
    expect(details).toHaveLength(51);
    expect(details[0]).toMatchObject({
      file: 'history-commits.tsv',
      line: 1,
      msg: 'digest problem: history-commits.tsv:1: expected "title<TAB>arxiv id" (e.g. 2401.12345)',
    });
  });
});

describe.skipIf(!hasRealDigest)('reading ../shared/real-digest as the digest folder', { timeout: 120_000 }, () => {
  // The problems as loadLibrary logs them (test/worker/load-library.test.ts checks that it
  // does, from the cache too), without indexing 12,675 papers to get there.
  it('logs at most 6 warnings for its 110 problems (stats.json and the lines of history-commits.tsv, beside the parts)', async () => {
    const { papers, problems } = await loadDigest(REAL_DIGEST_DIR);
    expect(papers).toHaveLength(12_675);
    expect(problems.length).toBeGreaterThan(100);
    const logs = memoryLogger();
    logDigestProblems(logs.log, problems);
    const warnings = logs.lines().filter((line) => (line.level as number) >= 40);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(6);
    expect(logs.lines().filter((line) => line.level === 20 && String(line.msg).startsWith('digest problem: '))).toHaveLength(problems.length);
  });
});
