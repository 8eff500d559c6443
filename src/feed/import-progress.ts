import cliProgress from 'cli-progress';
import type { ImportDayEvent, ImportProgress } from './import-history.js';

/** `950` → `1s`, `125000` → `2m 05s`, `3720000` → `1h 02m`; null (not known yet) → `?`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '?';
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** One plain line per day, for logs and tests: `day 3 of 20: 2026-07-10 fetched, 19 papers | 53 papers so far | ETA 17s`. */
export function formatDayLine(event: ImportDayEvent): string {
  const what =
    event.status === 'fetched'
      ? `fetched, ${event.papers} papers`
      : event.status === 'failed'
        ? `FAILED: ${event.reason ?? 'unknown'}`
        : 'skipped (already saved)';
  return `day ${event.index} of ${event.total}: ${event.day} ${what} | ${event.papersSoFar} papers so far | ETA ${formatDuration(event.etaMs)}`;
}

/**
 * The import's progress on `stream` (standard error): a redrawn bar on a terminal
 * (cli-progress keeps it to the terminal's width and restores the cursor), otherwise one
 * plain line per day, which logs and tests can read.
 */
export function createImportProgress(stream: NodeJS.WriteStream): ImportProgress {
  if (!stream.isTTY) {
    return {
      start: (total, toFetch) => void stream.write(`importing ${total} days: ${toFetch} to fetch, ${total - toFetch} already saved\n`),
      day: (event) => void stream.write(`${formatDayLine(event)}\n`),
      note: (text) => void stream.write(`${text}\n`),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} day {value} of {total} | {papers} papers fetched | ETA {etaText} | {last}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { papers: 0, etaText: '?', last: '' }),
    day: (event) => bar.update(event.index, { papers: event.papersSoFar, etaText: formatDuration(event.etaMs), last: `${event.day} ${event.status}` }),
    // Above the bar: clear its line, write, and let the next update redraw it.
    note: (text) => void stream.write(`\r\x1b[2K${text}\n`),
    stop: () => bar.stop(),
  };
}
