/**
 * `npm run import -- --from 2026-01-01 [--to 2026-08-21] [--dir DIGEST_DIR] [--data DATA_DIR]`:
 * fetches the Hugging Face listing of each day (`daily_papers?date=YYYY-MM-DD`, from the base
 * of FEED_URL) into `<DIGEST_DIR>/feed/YYYY-MM-DD.json`, politely (one request at a time, at
 * most one per second, Retry-After honoured). Saved days are skipped, so it resumes. Papers
 * are marked known before their day is saved, so a running bot does not announce history.
 * Exit code: 0 when every day is saved, 1 when some failed (run again to retry them),
 * 2 for bad arguments or configuration, 130 when interrupted.
 */
import { ConfigError, parseConfig } from '../src/config.js';
import { IMPORT_USAGE, UsageError, parseImportArguments, type ImportPlan } from '../src/feed/import-arguments.js';
import { importHistory, type ImportSummary } from '../src/feed/import-history.js';
import { createImportProgress, formatDuration } from '../src/feed/import-progress.js';
import { PoliteFetcher } from '../src/feed/polite-fetch.js';
import { loadDotEnv } from '../src/lifecycle.js';
import { openSqliteStores } from '../src/store/sqlite/open-sqlite-stores.js';

loadDotEnv();
let plan: ImportPlan;
try {
  const config = parseConfig(process.env);
  plan = parseImportArguments(process.argv.slice(2), config, new Date());
} catch (error) {
  if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n${error instanceof UsageError ? `\n${IMPORT_USAGE}\n` : ''}`);
  process.exit(2);
}

const progress = createImportProgress(process.stderr);
const fetcher = new PoliteFetcher({
  minIntervalMs: 1000,
  onRetry: ({ url, failure, attempt, of, waitMs }) => {
    const day = new URL(url).searchParams.get('date') ?? url;
    progress.note(`${day}: ${failure} (attempt ${attempt} of ${of}); waiting ${formatDuration(waitMs)} before the next request`);
  },
});
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort(new Error('interrupted')));
process.once('SIGTERM', () => interrupt.abort(new Error('interrupted')));

const stores = openSqliteStores(plan.dataDir);
let summary: ImportSummary;
try {
  summary = await importHistory({ ...plan, store: stores.known, fetcher, progress, signal: interrupt.signal });
} finally {
  await stores.close();
}
process.stdout.write(describeSummary(plan, summary));
process.exitCode = summary.stoppedEarly === 'interrupted' ? 130 : summary.failed.length > 0 || summary.stoppedEarly ? 1 : 0;

function describeSummary(plan: ImportPlan, s: ImportSummary): string {
  const seconds = s.elapsedMs / 1000;
  const lines = [
    `Imported ${plan.days[0]} to ${plan.days.at(-1)} (${s.days} days) into ${plan.digestDir}/feed`,
    `  days: ${s.fetched} fetched, ${s.skipped} skipped (already saved), ${s.failed.length} failed${s.notTried ? `, ${s.notTried} not tried` : ''}`,
    `  papers: ${s.papers} in the fetched days, ${s.newPapers} new to the announcement store (marked known, never announced)`,
    `  requests: ${s.requests} in ${seconds.toFixed(1)} s (${seconds > 0 ? (s.requests / seconds).toFixed(2) : '0.00'} requests/s${s.shortestGapMs === null ? '' : `; each sent at least ${s.shortestGapMs} ms after the previous answer`})`,
  ];
  if (s.stoppedEarly) lines.push(`Stopped early: ${s.stoppedEarly}.`);
  if (s.failed.length > 0) {
    lines.push(`Failed days (not saved):`, ...s.failed.map(({ day, reason }) => `  ${day}: ${reason}`));
  }
  if (s.failed.length > 0 || s.stoppedEarly) lines.push('Run the same command again to fetch the days still missing.');
  return `${lines.join('\n')}\n`;
}
