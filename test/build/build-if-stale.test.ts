import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCRIPT = path.join(ROOT, 'scripts', 'build-if-stale.mjs');

/**
 * `npm start`'s build step (scripts/build-if-stale.mjs) on a small project laid out like this
 * one: the real tsconfig files and package.json, the real node_modules (linked), and a src/
 * and commands/ of a few files, so each build takes a second or two instead of the whole bot's.
 * The tests keep their order (`shuffle: false`): each starts from the project the one before built.
 */
describe('the build before npm start', { shuffle: false }, () => {
  let project: string;
  const file = (name: string) => path.join(project, name);
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    return { code: result.status, stderr: result.stderr };
  };
  /** A file in dist/ that a build removes (it builds a new dist/ from nothing): still there means the build was skipped. */
  const markSkipped = () => writeFileSync(file('dist/untouched-by-the-last-build'), '');
  const skipped = () => existsSync(file('dist/untouched-by-the-last-build'));
  /** Gives a file a time long before the last build, as `cp -p` or an unpacked release does. */
  const backdate = (name: string) => {
    const earlier = new Date(Date.now() - 86_400_000);
    utimesSync(file(name), earlier, earlier);
  };

  beforeAll(() => {
    project = mkdtempSync(path.join(tmpdir(), 'build-if-stale-'));
    for (const name of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) cpSync(path.join(ROOT, name), file(name));
    symlinkSync(path.join(ROOT, 'node_modules'), file('node_modules'), 'dir');
    mkdirSync(file('src/library'), { recursive: true });
    mkdirSync(file('commands'));
    writeFileSync(
      file('src/main.ts'),
      "import { greeting } from '../commands/hello.js';\nimport { shout } from './library/shout.js';\nconsole.log(shout(greeting));\n",
    );
    writeFileSync(file('src/library/shout.ts'), 'export const shout = (text: string): string => text.toUpperCase();\n');
    writeFileSync(file('src/library/topics.json'), '["shipped"]\n');
    writeFileSync(file('commands/hello.ts'), "export const greeting = 'hello';\n");
  });
  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  const runBuilt = () => spawnSync(process.execPath, [file('dist/src/main.js')], { encoding: 'utf8' }).stdout;

  it('builds src/ and commands/ into dist/, copies the files tsc does not compile, and writes the stamp', () => {
    const { code, stderr } = run();
    expect(stderr).toContain('Building dist/');
    expect(code).toBe(0);
    expect(runBuilt()).toBe('HELLO\n');
    expect(readFileSync(file('dist/src/library/topics.json'), 'utf8')).toBe('["shipped"]\n');
    expect(existsSync(file('dist/.build-stamp'))).toBe(true);
  });

  it('skips the build when dist/ is current', () => {
    markSkipped();
    const { code, stderr } = run();
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(skipped()).toBe(true);
  });

  it("ignores editors' leftovers: a broken lock link, a backup and a swap file neither fail the build check nor start a build", () => {
    symlinkSync('someone@host.1234:1700000000', file('src/.#main.ts'));
    writeFileSync(file('src/main.ts~'), 'old text');
    writeFileSync(file('commands/.hello.ts.swp'), 'swap');
    markSkipped();
    const { code, stderr } = run();
    expect([code, stderr]).toEqual([0, '']);
    expect(skipped()).toBe(true);
    for (const name of ['src/.#main.ts', 'src/main.ts~', 'commands/.hello.ts.swp']) rmSync(file(name));
  });

  it('puts a whole dist.next/ of the same sources in place when a build stopped between its renames', () => {
    renameSync(file('dist'), file('dist.next'));
    const { code, stderr } = run();
    expect([code, stderr]).toEqual([0, '']);
    expect(existsSync(file('dist.next'))).toBe(false);
    expect(runBuilt()).toBe('HELLO\n');
  });

  it('rebuilds when a source changed', () => {
    writeFileSync(file('commands/hello.ts'), "export const greeting = 'hello again';\n");
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(false);
    expect(runBuilt()).toBe('HELLO AGAIN\n');
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(true);
  });

  it('rebuilds when a file tsc does not compile changed, and when tsconfig.build.json did', () => {
    writeFileSync(file('src/library/topics.json'), '["shipped","added"]\n');
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(false);
    expect(readFileSync(file('dist/src/library/topics.json'), 'utf8')).toBe('["shipped","added"]\n');

    writeFileSync(file('tsconfig.build.json'), `${readFileSync(file('tsconfig.build.json'), 'utf8')}\n`);
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(false);
  });

  it('rebuilds when a source changed but kept an older time than the last build (copied with its time)', () => {
    writeFileSync(file('commands/hello.ts'), "export const greeting = 'copied in';\n");
    backdate('commands/hello.ts');
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(false);
    expect(runBuilt()).toBe('COPIED IN\n');
  });

  it('rebuilds when a source is removed, leaving no output of it', () => {
    writeFileSync(file('src/library/unused.ts'), 'export const unused = 1;\n');
    expect(run().code).toBe(0);
    expect(existsSync(file('dist/src/library/unused.js'))).toBe(true);

    rmSync(file('src/library/unused.ts'));
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(false);
    expect(existsSync(file('dist/src/library/unused.js'))).toBe(false);
  });

  it('fails on a type error, leaves the last good dist/ in place (a running bot keeps its files), and builds again at the next start', () => {
    const before = readFileSync(file('dist/.build-stamp'), 'utf8');
    writeFileSync(file('commands/hello.ts'), 'export const greeting: number = "not a number";\n');
    const failed = run();
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('commands/hello.ts');
    expect(failed.stderr).toContain('The build failed');
    expect(readFileSync(file('dist/.build-stamp'), 'utf8')).toBe(before);
    expect(runBuilt()).toBe('COPIED IN\n');
    expect(existsSync(file('dist.next'))).toBe(false);
    // Still broken: the next start tries again, and fails again.
    expect(run().code).not.toBe(0);

    writeFileSync(file('commands/hello.ts'), "export const greeting = 'fixed';\n");
    expect(run().code).toBe(0);
    expect(runBuilt()).toBe('FIXED\n');
  });

  it('builds with --force even when dist/ is current (npm run build)', () => {
    markSkipped();
    expect(run().code).toBe(0);
    expect(skipped()).toBe(true);
    expect(run('--force').code).toBe(0);
    expect(skipped()).toBe(false);
  });
});
