import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { shippedTopics } from '../../src/library/load-topics.js';
import { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

const ROOT = new URL('../../', import.meta.url).pathname;
const SCRIPT = path.join(ROOT, 'scripts/check-seeds.ts');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/loader.mjs');
const SHIPPED = (await shippedTopics()).length;

/**
 * Runs `npm run seeds:check -- <folder>` as npm does (tsx), in the project (or `cwd`), with
 * only PATH and `env`; no `.env` is read unless `env` says so (a developer's own must not count).
 */
async function checkSeeds(
  args: string[] = [],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', TSX, SCRIPT, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', ENV_FILE: 'none', ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run seeds:check [folder]', { timeout: 120_000 }, () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seeds-check-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('checks the bundled seeds/ by default, as before', async () => {
    const run = await checkSeeds();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Digest folder: seeds (default)\n');
    expect(run.stdout).toContain('Files: 0 daily-papers JSON · 1 listing · 1 arXiv id sidecar · 0 not read\n');
    expect(run.stdout).toContain('Papers: 58 unique · 0 without arXiv id · 0 in no topic\n');
    expect(run.stdout).toMatch(new RegExp(`\nTopics: ${SHIPPED} \\(${SHIPPED} shipped \\+ .*\\)\nProblems: none\nAll digest files are valid\\.\n$`));
  });

  it.skipIf(!hasRealDigest)('loads the seven real parts: 12,675 papers, 0 problems, exit 0', async () => {
    const dir = await tempDir();
    for (const part of REAL_PARTS) await symlink(path.join(REAL_DIGEST_DIR, part), path.join(dir, part));
    const run = await checkSeeds([dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('file           papers  problems\npart-001.json    2000         0\n');
    expect(run.stdout).toContain('part-007.json     675         0\n');
    // The shipped topics apply to any folder; papers outside them are counted, not problems.
    expect(run.stdout).toMatch(/\nPapers: 12675 unique · 0 without arXiv id · [1-9]\d* in no topic \(".+", …\)\n/);
    expect(run.stdout).toContain(
      `\nTopics: ${SHIPPED} (${SHIPPED} shipped + 0 from the folder: it has no topics.json)\nProblems: none\nAll digest files are valid.\n`,
    );
  });

  it.skipIf(!hasRealDigest)('on the real odd files: loads the 2024 file, reports the other three, exit 1', async () => {
    const dir = await tempDir();
    for (const name of ['daily_papers_2024-03-12.json', 'weekend-2024-05-26.json', 'python-strings-2024-12-11.json', 'wrapped-2025-01-10.json'])
      await symlink(path.join(REAL_DIGEST_DIR, 'odd-files', name), path.join(dir, name));
    const run = await checkSeeds([dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      [
        'file                            papers  problems',
        'daily_papers_2024-03-12.json         9         0',
        'python-strings-2024-12-11.json       0         1',
        'weekend-2024-05-26.json              0         1',
        'wrapped-2025-01-10.json              0         1',
      ].join('\n'),
    );
    expect(run.stderr).toMatch(/^\n3 problems:\n {2}python-strings-2024-12-11\.json: items are Python repr strings, not JSON objects/);
    expect(run.stderr).toContain('  weekend-2024-05-26.json: the file is the number 1, not a list of daily_papers entries (an empty day saved as a count?)\n');
    expect(run.stderr).toContain('  wrapped-2025-01-10.json: a {status, date, count, data} wrapper whose items are Python repr strings');
  });

  it('reports a synthetic bad file by name with exit 1, and counts the good one', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'weekend-2024-05-26.json'), '1');
    await writeFile(path.join(dir, 'good.json'), JSON.stringify([{ paper: { id: '2501.00001', title: 'Good', summary: 'Fine.' } }]));
    const run = await checkSeeds([dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('good.json                     1         0\nweekend-2024-05-26.json       0         1\n');
    expect(run.stderr).toContain('1 problem:\n  weekend-2024-05-26.json: the file is the number 1');
  });
  it('reports what it will load from a folder given in .env: files by kind, what is not read, shipped + folder topics, problems summarised', async () => {
    const work = await tempDir();
    const dir = path.join(work, 'digest');
    await mkdir(path.join(dir, 'notes'), { recursive: true });
    await mkdir(path.join(dir, 'feed'));
    const paper = (id: string, title: string) => ({ paper: { id, title, summary: `${title}, in a few words.` } });
    await writeFile(path.join(dir, 'a.json'), JSON.stringify([paper('2501.00001', 'Zebrafish swimming'), paper('2501.00002', 'Long video generation')]));
    await writeFile(path.join(dir, 'feed', '2026-07-08.json'), JSON.stringify([paper('2501.00003', 'Ring attention at scale')]));
    await writeFile(path.join(dir, 'stats.json'), '{"unique_papers": 3}');
    await writeFile(path.join(dir, 'history.tsv'), 'commit\tdate\tauthor\nabc\t2026-01-01\tme\n');
    await writeFile(path.join(dir, 'README.md'), '# My digest\n');
    await writeFile(
      path.join(dir, 'topics.json'),
      JSON.stringify([
        { id: 'zebrafish', name: 'Zebrafish', description: 'Fish.', terms: ['zebrafish'] },
        { id: 'video-multimodal', name: 'Video', description: 'Only videos.', terms: ['video'] },
      ]),
    );
    // No folder argument, no DIGEST_DIR in the environment: the working folder's .env names it, as for `npm start`.
    await writeFile(path.join(work, '.env'), `DIGEST_DIR=${dir}\n`);
    const run = await checkSeeds([], { cwd: work, env: { ENV_FILE: '.env' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        `Digest folder: ${dir} (DIGEST_DIR in .env)`,
        '',
        'file                  papers  problems',
        'a.json                     2         0',
        'feed/2026-07-08.json       1         0',
        'history.tsv                0         2',
        'stats.json                 0         1',
        '',
        'Files: 3 daily-papers JSON · 0 listings · 1 arXiv id sidecar · 2 not read (README.md, notes/)',
        'Papers: 3 unique · 0 without arXiv id · 0 in no topic',
        `Topics: ${SHIPPED + 1} (${SHIPPED} shipped + 2 from the folder's topics.json, replacing 1 shipped topic)`,
        'Problems: 3',
        '  skipped a file that is not a digest file: stats.json: the file is an object with keys unique_papers, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })',
        '  skipped 2 bad entries in history.tsv; the first: history.tsv:1: expected "title<TAB>arxiv id" (e.g. 2401.12345)',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toBe(
      '\n3 problems:\n  history.tsv:1: expected "title<TAB>arxiv id" (e.g. 2401.12345)\n  history.tsv:2: expected "title<TAB>arxiv id" (e.g. 2401.12345)\n  stats.json: the file is an object with keys unique_papers, not a list of daily_papers entries ({ paper: { id, title, summary, ... } })\n',
    );

    // DIGEST_DIR set in the environment wins over .env (as for `npm start`), and an argument over both.
    const seeds = path.join(ROOT, 'seeds');
    expect((await checkSeeds([], { cwd: work, env: { ENV_FILE: '.env', DIGEST_DIR: seeds } })).stdout).toContain(`Digest folder: ${seeds} (DIGEST_DIR)\n`);
    expect((await checkSeeds([seeds], { cwd: work, env: { ENV_FILE: '.env' } })).stdout).toContain(`Digest folder: ${seeds}\n`);
  });

  it('says when the folder cannot be read, and exits 2', async () => {
    const work = await tempDir();
    const run = await checkSeeds([path.join(work, 'missing')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`Cannot read the digest folder ${path.join(work, 'missing')}: ENOENT\n`);
  });
});
