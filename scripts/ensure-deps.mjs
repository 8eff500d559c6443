// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json
// changed) it installs the locked dependencies with `npm ci`, so the README's two commands
// work on their own. Install output goes to stderr to keep the console's stdout clean.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  process.stderr.write('Installing dependencies (npm ci): the first time takes a minute or two…\n');
  execSync('npm ci --no-fund --no-audit', { stdio: ['ignore', 2, 2] });
}
