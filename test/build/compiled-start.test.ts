import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_START } from '../../src/worker/library-client.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * `npm start` as a newcomer runs it, on a copy of the project (its sources, seeds, tsconfig
 * files, package files and the two prestart scripts) whose node_modules links every installed
 * package except tsx: the compiled bot, its library worker included, must run without any
 * TypeScript loader. The first start, before the tests, builds dist/ (one real build for the
 * whole file); the tests' own starts find it current.
 */
describe('npm start runs the compiled bot', () => {
  let project: string;
  let firstStart: { code: number | null; stdout: string; stderr: string };
  const file = (name: string) => path.join(project, name);

  /**
   * `npm start` without a token (the console) on piped input. Killed, npm and the bot under it,
   * when its library worker exits (it would be restarted forever) or after 60 s.
   */
  const npmStart = (input: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('npm', ['start'], {
        cwd: project,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ENV_FILE: 'none',
          TMPDIR: mkdtempSync(path.join(tmpdir(), 'compiled-start-state-')),
          npm_config_update_notifier: 'false',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true, // its own process group, so the bot npm started is killed with it
      });
      const kill = () => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already ended
        }
      };
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += String(chunk)));
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
        if (stderr.includes('library worker exited')) kill();
      });
      const timer = setTimeout(kill, 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(input);
    });

  beforeAll(async () => {
    project = mkdtempSync(path.join(tmpdir(), 'compiled-start-'));
    for (const name of [
      'src',
      'commands',
      'seeds',
      'tsconfig.json',
      'tsconfig.build.json',
      'package.json',
      'scripts/ensure-deps.mjs',
      'scripts/build-if-stale.mjs',
    ]) {
      cpSync(path.join(ROOT, name), file(name), { recursive: true });
    }
    // Its own time, so ensure-deps.mjs sees the installed packages as current and runs no `npm ci`.
    cpSync(path.join(ROOT, 'package-lock.json'), file('package-lock.json'), { preserveTimestamps: true });
    mkdirSync(file('node_modules'));
    for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
      if (name !== 'tsx' && name !== '.bin') symlinkSync(path.join(ROOT, 'node_modules', name), file(`node_modules/${name}`));
    }
    firstStart = await npmStart('/search kv cache\n/latest\n');
  }, 150_000);
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('the copy has no tsx to load', () => {
    expect(() => createRequire(file('package.json')).resolve('tsx')).toThrow(/Cannot find module 'tsx'/);
  });

  it('builds dist/ at the first start, then answers from the compiled code, its worker running library-worker.js', () => {
    const start = firstStart;
    expect(start.stderr).toContain('Building dist/');
    expect(start.stdout).toContain('> node dist/src/main.js'); // npm's line naming the script it runs
    // A worker started through boot-worker.mjs would fail to import tsx and be restarted forever.
    expect(start.stderr).not.toContain('library worker');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('local console (no DISCORD_TOKEN set)');
    expect(start.stdout).toContain('Ready: 58 papers.');
    expect(start.stdout).toContain('🔎 `kv cache` · 5 papers');
    expect(start.stdout).toContain('🆕 The 5 newest papers of 58');
  });

  it('starts without building when dist/ is current', { timeout: 60_000 }, async () => {
    const start = await npmStart('/topic name:surveys\n');
    expect(start.stderr).not.toContain('Building dist/');
    expect(start.stderr).not.toContain('library worker');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain('A Comprehensive Survey on Long Context Language Modeling');
  });

  it('the compiled client starts library-worker.js itself; the sources (tests, npm run dev) boot through tsx', () => {
    const compiled = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const { WORKER_START } = await import('./dist/src/worker/library-client.js'); console.log(JSON.stringify(WORKER_START));"],
      { cwd: project, encoding: 'utf8' },
    );
    expect(compiled.stderr).toBe('');
    const start = JSON.parse(compiled.stdout) as { file: string; entry?: string };
    expect(start).toEqual({ file: new URL('dist/src/worker/library-worker.js', `file://${project}/`).href });

    expect(WORKER_START.file.href).toBe(new URL('src/worker/boot-worker.mjs', `file://${ROOT}`).href);
    expect(WORKER_START.entry).toBe(new URL('src/worker/library-worker.ts', `file://${ROOT}`).href);
  });

  it("the compiled index cache's key follows the compiled code it runs", () => {
    const versions = () =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "const { indexLibraryVersions } = await import('./dist/src/worker/load-library.js'); console.log(indexLibraryVersions());",
        ],
        { cwd: project, encoding: 'utf8' },
      ).stdout.trim();
    const compiledLibrary = file('dist/src/library/library.js');
    const code = readFileSync(compiledLibrary, 'utf8');
    const before = versions();
    expect(before).toMatch(/ code@[0-9a-f]{12}$/);
    try {
      writeFileSync(compiledLibrary, `${code}\n// changed\n`);
      expect(versions()).not.toBe(before);
    } finally {
      writeFileSync(compiledLibrary, code);
    }
  });
});
