// Runs before `npm start` (after ensure-deps.mjs): compiles src/ and commands/ to dist/ with tsc
// (tsconfig.build.json), unless dist/ is current. Current means the stamp file the last
// successful build wrote holds the same hash of its inputs: the path and content of every file
// under src/ and commands/, the tsconfig files, package.json, the installed TypeScript's
// package.json and this script. Content, not file times: sources copied in with old times
// (`cp -p`, `rsync -a`, an unpacked release) still count as changed. Files tsc does not compile
// (anything not `.ts`, such as src/library/default-topics.json) are copied beside the compiled
// code, which reads them there.
//
// The build goes to dist.next/ and replaces dist/ with two renames once it is whole, so dist/
// is never half-built and is missing only between the renames. A bot already running from
// dist/ should be restarted after a build: a restarted worker, or a module it loads later (the
// chart renderer), would read the new build. A failed build exits with tsc's code and leaves
// dist/ as it was (its stamp no longer matches, so the next start tries again): `npm start`
// stops instead of running old code. Editors' leftovers (dotfiles, `~` backups, swap files)
// are neither hashed nor copied.
//
// Usage: node scripts/build-if-stale.mjs [--force]   (from the project folder, as npm runs it)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.cwd();
const OUT_DIR = path.join(root, 'dist');
const NEXT_DIR = path.join(root, 'dist.next');
const OLD_DIR = path.join(root, 'dist.old');
const STAMP_NAME = '.build-stamp';
const SOURCE_DIRS = ['src', 'commands'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'node_modules/typescript/package.json'];

/** Editors' leftovers beside sources (lock links, backups, swap files, .DS_Store): not part of the build. */
const isLeftover = (name) => name.startsWith('.') || name.endsWith('~') || /\.sw[a-p]$/.test(name);

/** What a directory entry is, following links; null for a broken link or anything unreadable. */
function kindOf(file, entry) {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : null;
  try {
    const stat = statSync(file);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

/** Every file under `dir` but editors' leftovers, as paths relative to the project, sorted. */
function filesUnder(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => !isLeftover(entry.name))
    .flatMap((entry) => {
      const relative = path.join(dir, entry.name);
      const kind = kindOf(path.join(root, relative), entry);
      return kind === 'dir' ? filesUnder(relative) : kind === 'file' ? [relative] : [];
    })
    .sort();
}

/** Every file under src/ and commands/, listed once: hashed, and the ones tsc does not compile copied. */
const sources = SOURCE_DIRS.filter((dir) => existsSync(path.join(root, dir))).flatMap(filesUnder);

/** A hash of the paths and contents of everything the build reads. */
function inputsHash() {
  const hash = createHash('sha256');
  const files = [...sources, ...INPUT_FILES.filter((name) => existsSync(path.join(root, name)))];
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  hash.update(readFileSync(fileURLToPath(import.meta.url)));
  return hash.digest('hex');
}

const hash = inputsHash();
const stampOf = (dir) => (existsSync(path.join(dir, STAMP_NAME)) ? readFileSync(path.join(dir, STAMP_NAME), 'utf8').split('\n')[0] : null);
const current = stampOf(OUT_DIR) === hash && existsSync(path.join(OUT_DIR, 'src', 'main.js'));

if (current && !process.argv.includes('--force')) process.exit(0);

// A build that stopped between its two renames (below) left a whole dist.next/ of these inputs: use it.
if (!existsSync(OUT_DIR) && stampOf(NEXT_DIR) === hash && existsSync(path.join(NEXT_DIR, 'src', 'main.js')) && !process.argv.includes('--force')) {
  renameSync(NEXT_DIR, OUT_DIR);
  process.exit(0);
}

const started = Date.now();
process.stderr.write('Building dist/ (tsc -p tsconfig.build.json)…\n');
rmSync(NEXT_DIR, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--outDir', NEXT_DIR], {
  cwd: root,
  // tsc's messages go to stderr, so a console's stdout stays clean.
  stdio: ['ignore', 2, 2],
});
if (tsc.status !== 0) {
  rmSync(NEXT_DIR, { recursive: true, force: true });
  process.stderr.write(`The build failed (tsc exited with ${tsc.status ?? tsc.signal}): fix the errors above, or run the sources with \`npm run dev\`.\n`);
  process.exit(tsc.status || 1);
}
for (const asset of sources) {
  if (asset.endsWith('.ts')) continue;
  mkdirSync(path.dirname(path.join(NEXT_DIR, asset)), { recursive: true });
  copyFileSync(path.join(root, asset), path.join(NEXT_DIR, asset));
}
writeFileSync(path.join(NEXT_DIR, STAMP_NAME), `${hash}\nbuilt from src/ and commands/ at ${new Date(started).toISOString()}\n`);
// Two renames: dist/ is missing only between them, never while tsc runs.
rmSync(OLD_DIR, { recursive: true, force: true, maxRetries: 5 });
if (existsSync(OUT_DIR)) renameSync(OUT_DIR, OLD_DIR);
renameSync(NEXT_DIR, OUT_DIR);
try {
  rmSync(OLD_DIR, { recursive: true, force: true, maxRetries: 5 });
} catch (error) {
  // The new build is in place; a dist.old/ left behind (a file held open on Windows) is removed next time.
  process.stderr.write(`Could not remove dist.old/ (${error.code ?? error.message}); it is removed at the next build.\n`);
}
process.stderr.write(`Built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
