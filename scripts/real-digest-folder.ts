import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
/** The real Hugging Face data others published, beside the project. It is read there, never copied in. */
const REAL_DIGEST_DIR = path.resolve(ROOT, '../shared/real-digest');
const PARTS = Array.from({ length: 7 }, (_, i) => `part-00${i + 1}.json`);

/**
 * A digest folder holding the bundled seed and the seven real part files, as symbolic links
 * (nothing is copied): what a research group running the bot on the real digest would have.
 * Returns null when ../shared/real-digest is absent (a user's fresh clone).
 */
export function realDigestFolder(target = path.join(ROOT, '.bench/real-digest')): string | null {
  if (!existsSync(path.join(REAL_DIGEST_DIR, PARTS[0] as string))) return null;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const seeds = path.join(ROOT, 'seeds');
  for (const file of readdirSync(seeds)) symlinkSync(path.join(seeds, file), path.join(target, file));
  for (const part of PARTS) symlinkSync(path.join(REAL_DIGEST_DIR, part), path.join(target, part));
  return target;
}
