import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS, skipReasonUnlessRealDigest } from '../support/real-digest.js';

skipReasonUnlessRealDigest();

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs `npm run seeds:check -- <folder>` as npm does (tsx), without DIGEST_DIR. */
async function checkSeeds(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/check-seeds.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '' },
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
    expect(run.stdout).toContain('Digest folder: seeds\n');
    expect(run.stdout).toContain('58 unique papers · 0 without arXiv id · 14 topics\nAll digest files are valid.\n');
  });

  it.skipIf(!hasRealDigest)('loads the seven real parts: 12,675 papers, 0 problems, exit 0', async () => {
    const dir = await tempDir();
    for (const part of REAL_PARTS) await symlink(path.join(REAL_DIGEST_DIR, part), path.join(dir, part));
    const run = await checkSeeds(dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('file           papers  problems\npart-001.json    2000         0\n');
    expect(run.stdout).toContain('part-007.json     675         0\n');
    expect(run.stdout).toContain('\n12675 unique papers · 0 without arXiv id · 0 topics\nAll digest files are valid.\n');
  });

  it.skipIf(!hasRealDigest)('on the real odd files: loads the 2024 file, reports the other three, exit 1', async () => {
    const dir = await tempDir();
    for (const name of ['daily_papers_2024-03-12.json', 'weekend-2024-05-26.json', 'python-strings-2024-12-11.json', 'wrapped-2025-01-10.json'])
      await symlink(path.join(REAL_DIGEST_DIR, 'odd-files', name), path.join(dir, name));
    const run = await checkSeeds(dir);
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
    const run = await checkSeeds(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('good.json                     1         0\nweekend-2024-05-26.json       0         1\n');
    expect(run.stderr).toContain('1 problem:\n  weekend-2024-05-26.json: the file is the number 1');
  });
});
