// Runs before `npm start` (after ensure-deps.mjs): compiles src/ and commands/ to dist/ with tsc
// (tsconfig.build.json), unless dist/ is current. Current means a stamp file, written after the
// last successful build, is not older than any file or folder under src/ and commands/ (a folder's
// time changes when a file is added, removed or renamed in it), the tsconfig files, package.json,
// the installed TypeScript or this script. Files tsc does not compile (anything not `.ts`, such as
// src/library/default-topics.json) are copied beside the compiled code, which reads them there.
// A failed build exits with tsc's code, so `npm start` stops instead of running old code.
//
// Usage: node scripts/build-if-stale.mjs [--force]   (from the project folder, as npm runs it)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.cwd();
const OUT_DIR = path.join(root, 'dist');
const STAMP = path.join(OUT_DIR, '.build-stamp');
const ENTRY = path.join(OUT_DIR, 'src', 'main.js');
const SOURCE_DIRS = ['src', 'commands'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'node_modules/typescript/package.json'];

/** The newest modification time (ms) of a file, or of a folder and everything under it. */
function newestMtime(file) {
  const stat = statSync(file);
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) for (const name of readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, name)));
  return newest;
}

/** Every file under `dir` that tsc does not compile, as paths relative to the project. */
function assetsUnder(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return assetsUnder(relative);
    return entry.name.endsWith('.ts') ? [] : [relative];
  });
}

const inputs = [...SOURCE_DIRS, ...INPUT_FILES].map((name) => path.join(root, name)).filter((file) => existsSync(file));
inputs.push(fileURLToPath(import.meta.url));
const newestInput = Math.max(...inputs.map(newestMtime));
const current = existsSync(STAMP) && existsSync(ENTRY) && statSync(STAMP).mtimeMs >= newestInput;

if (current && !process.argv.includes('--force')) process.exit(0);

// The stamp gets the time the build started: a source saved while tsc runs is newer, so it is built next time.
const started = new Date();
process.stderr.write('Building dist/ (tsc -p tsconfig.build.json)…\n');
rmSync(OUT_DIR, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  // tsc's messages go to stderr, so a console's stdout stays clean.
  stdio: ['ignore', 2, 2],
});
if (tsc.status !== 0) {
  process.stderr.write(`The build failed (tsc exited with ${tsc.status ?? tsc.signal}): fix the errors above, or run the sources with \`npm run dev\`.\n`);
  process.exit(tsc.status || 1);
}
for (const asset of SOURCE_DIRS.flatMap(assetsUnder)) {
  mkdirSync(path.dirname(path.join(OUT_DIR, asset)), { recursive: true });
  copyFileSync(path.join(root, asset), path.join(OUT_DIR, asset));
}
writeFileSync(STAMP, `built from src/ and commands/ at ${started.toISOString()}\n`);
utimesSync(STAMP, started, started);
process.stderr.write(`Built dist/ in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s.\n`);
