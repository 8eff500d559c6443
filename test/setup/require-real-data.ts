import { hasRealDigest, REAL_DIGEST_DIR } from '../../scripts/real-digest-folder.js';

/**
 * Vitest global setup. A user's clone has no `../shared`, and the tests that need the real
 * digest skip with one line saying why. CI (CI=true) must run them, so there a missing
 * folder stops the run before any test, with the reason, instead of passing green without them.
 */
export default function requireRealDataInCi(): void {
  if (!isCi(process.env.CI) || hasRealDigest) return;
  throw new Error(
    `CI=${process.env.CI ?? ''} but ${REAL_DIGEST_DIR} is missing: CI runs the real-data tests, so it needs ../shared/real-digest beside the project. Run without CI=true to skip them.`,
  );
}

/** CI providers set CI=true (GitHub, GitLab) or CI=1; an empty value or "false" is not CI. */
export function isCi(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
