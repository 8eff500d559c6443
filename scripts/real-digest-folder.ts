import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
/**
 * The real Hugging Face data others published, beside the project in `../shared/`: read
 * there, never copied in. The one definition: scripts and test/support/real-digest.ts use it.
 */
export const REAL_DIGEST_DIR = path.resolve(ROOT, '../shared/real-digest');
/** Its seven part files: 12,675 real papers. */
export const REAL_PARTS = Array.from({ length: 7 }, (_, i) => `part-00${i + 1}.json`);
/** False in a user's fresh clone, where ../shared/real-digest is absent. */
export const hasRealDigest = existsSync(path.join(REAL_DIGEST_DIR, REAL_PARTS[0] as string));

/**
 * A digest folder holding the bundled seed and the seven real part files, as symbolic links
 * (nothing is copied): what a research group running the bot on the real digest would have.
 * `target` is emptied first. Returns null when ../shared/real-digest is absent.
 */
export function realDigestFolder(target = path.join(ROOT, '.bench/real-digest')): string | null {
  if (!hasRealDigest) return null;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const seeds = path.join(ROOT, 'seeds');
  for (const file of readdirSync(seeds)) symlinkSync(path.join(seeds, file), path.join(target, file));
  for (const part of REAL_PARTS) symlinkSync(path.join(REAL_DIGEST_DIR, part), path.join(target, part));
  return target;
}
