/** Cells of an upvote bar. */
const BAR_CELLS = 8;

/**
 * "▰▰▰▰▱▱▱▱ 123 ▲": upvotes as a bar scaled to the most upvoted paper of the list (`max`),
 * for lists where a picture would be too much. Any upvote shows at least one full cell, so
 * 1 and 0 look different; unknown counts show an empty bar and "?".
 */
export function upvoteBar(upvotes: number | null, max: number): string {
  const filled = upvotes === null || upvotes <= 0 || max <= 0 ? 0 : Math.min(BAR_CELLS, Math.max(1, Math.round((BAR_CELLS * upvotes) / max)));
  return `${'▰'.repeat(filled)}${'▱'.repeat(BAR_CELLS - filled)} ${upvotes === null ? '?' : upvotes.toLocaleString('en-US')} ▲`;
}
