import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/**
 * The real Hugging Face data others published, beside the project in `../shared/`. It is
 * read from there, never copied in. CI has it; a user's fresh clone does not, and then the
 * tests that need it are skipped with one line saying why.
 */
export const REAL_DIGEST_DIR = path.resolve(ROOT, '../shared/real-digest');
export const hasRealDigest = existsSync(path.join(REAL_DIGEST_DIR, 'part-001.json'));
export const REAL_PARTS = Array.from({ length: 7 }, (_, i) => `part-00${i + 1}.json`);

/** The reason printed once per file whose real-data tests are skipped. */
export function skipReasonUnlessRealDigest(): string | undefined {
  if (hasRealDigest) return undefined;
  const reason = `skipped: ${REAL_DIGEST_DIR} is absent (real-data tests run where ../shared exists, as in CI)`;
  process.stderr.write(`${reason}\n`);
  return reason;
}
