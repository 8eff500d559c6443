import { hasRealDigest, REAL_DIGEST_DIR } from '../../scripts/real-digest-folder.js';

/**
 * The real Hugging Face data others published, beside the project in `../shared/` (defined
 * once, in scripts/real-digest-folder.ts). It is read from there, never copied in. CI has
 * it; a user's fresh clone does not, and then the tests that need it are skipped with one
 * line saying why.
 */
export { hasRealDigest, REAL_DIGEST_DIR, REAL_PARTS } from '../../scripts/real-digest-folder.js';

/** The reason printed once per file whose real-data tests are skipped. */
export function skipReasonUnlessRealDigest(): string | undefined {
  if (hasRealDigest) return undefined;
  const reason = `skipped: ${REAL_DIGEST_DIR} is absent (real-data tests run where ../shared exists, as in CI)`;
  process.stderr.write(`${reason}\n`);
  return reason;
}
